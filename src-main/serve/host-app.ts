// What either host needs from the composition root (src-main/app.ts). Tests build one from the
// real Router and EventBus with fake handlers.
import type { Result } from '../../src-preload/contract'
import type { Disposable } from '../lib/disposable'
import type { EventSink } from '../lib/events'

export interface HostRouter {
  dispatch(channel: string, args: unknown): Promise<Result<unknown>>
}

export interface HostEvents {
  subscribe(sink: EventSink): Disposable
}

export interface HostApp {
  router: HostRouter
  events: HostEvents
  dispose(): Promise<void>
}
