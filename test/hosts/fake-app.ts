// A HostApp built on the real Router and EventBus with fake handlers, so host tests never need
// the real services.
import { channelNames, err, ok, type Channel } from '../../src-preload/contract'
import { EventBus } from '../../src-main/lib/events'
import { silentLogger } from '../../src-main/lib/log'
import { Router, type Handler, type Handlers } from '../../src-main/router'
import type { HostApp } from '../../src-main/serve'

export type FakeHandlers = { [C in Channel]?: Handler<C> }

export const fakeHandlers = (overrides: FakeHandlers = {}): Handlers => {
  const all: Record<string, Handler<Channel>> = {}
  for (const name of channelNames) all[name] = () => err('UNSUPPORTED', `${name} is not faked`)
  Object.assign(all, overrides)
  return all as Handlers
}

export interface FakeApp extends HostApp {
  events: EventBus
  disposed: boolean
}

export const fakeApp = (overrides: FakeHandlers = {}): FakeApp => {
  const app: FakeApp = {
    router: new Router(
      fakeHandlers({
        'app:info': () =>
          ok({ version: '0.0.0-test', host: 'browser', platform: 'test', home: '/home/test', initialFolder: null }),
        ...overrides,
      }),
      silentLogger,
    ),
    events: new EventBus(),
    disposed: false,
    async dispose() {
      app.disposed = true
    },
  }
  return app
}
