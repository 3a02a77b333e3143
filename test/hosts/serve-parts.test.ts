// Pieces of the browser host that are easier to pin down alone: the rate limiter's window,
// static path resolution, origin policy, and WebSocket backpressure.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { EventBus } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { FailureLimiter, SessionStore, parseCookies, safeEqual } from '../../src-main/serve/auth'
import { originPolicy } from '../../src-main/serve/origins'
import { SocketBridge, parseCall } from '../../src-main/serve/socket-bridge'
import { resolveStaticPath } from '../../src-main/serve/static-files'

describe('FailureLimiter', () => {
  it('blocks after 10 failures inside a minute and forgives once they age out', () => {
    let now = 1_000_000
    const limiter = new FailureLimiter(10, 60_000, () => now)
    for (let i = 0; i < 9; i++) limiter.fail('1.2.3.4')
    expect(limiter.blocked('1.2.3.4')).toBe(false)
    limiter.fail('1.2.3.4')
    expect(limiter.blocked('1.2.3.4')).toBe(true)
    expect(limiter.blocked('5.6.7.8')).toBe(false)
    now += 61_000
    expect(limiter.blocked('1.2.3.4')).toBe(false)
  })
})

describe('sessions and cookies', () => {
  it('accepts only ids it issued', () => {
    const store = new SessionStore(2)
    const a = store.create()
    expect(store.isValid(a)).toBe(true)
    expect(store.isValid(`${a}x`)).toBe(false)
    expect(store.isValid(undefined)).toBe(false)
    store.create()
    store.create()
    expect(store.isValid(a)).toBe(false) // the oldest is forgotten past the cap
  })

  it('parses cookie headers and compares secrets', () => {
    expect(parseCookies('a=1; kiln-session-80=xyz; b=2').get('kiln-session-80')).toBe('xyz')
    expect(safeEqual('abc', 'abc')).toBe(true)
    expect(safeEqual('abc', 'abcd')).toBe(false)
  })
})

describe('resolveStaticPath', () => {
  it('maps paths inside the root and refuses everything that leaves it', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe('/srv/r/index.html')
    expect(resolveStaticPath('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js')
    for (const bad of ['/../x', '/%2e%2e/x', '/a/%2E%2E/%2e%2e/x', '/%00', '/a%5c..%5cx', '/%E0%A4%A']) {
      expect(resolveStaticPath('/srv/r', bad), bad).toBeNull()
    }
  })
})

describe('originPolicy', () => {
  it('accepts the 127.0.0.1 and localhost forms of the bound port only', () => {
    const p = originPolicy('127.0.0.1', 4000)
    expect(p.isAllowedOrigin('http://127.0.0.1:4000')).toBe(true)
    expect(p.isAllowedOrigin('http://localhost:4000')).toBe(true)
    expect(p.isAllowedOrigin('http://localhost:4001')).toBe(false)
    expect(p.isAllowedOrigin('https://127.0.0.1:4000')).toBe(false)
    expect(p.isAllowedOrigin('http://127.0.0.1.evil.example:4000')).toBe(false)
    expect(p.isAllowedOrigin(undefined)).toBe(false)
    expect(p.isAllowedHost('localhost:4000')).toBe(true)
    expect(p.isAllowedHost('attacker.example:4000')).toBe(false)
  })

  it('on an explicit host accepts that host', () => {
    const p = originPolicy('192.168.1.20', 4000)
    expect(p.isAllowedOrigin('http://192.168.1.20:4000')).toBe(true)
    expect(p.isAllowedOrigin('http://evil.example:4000')).toBe(false)
  })
})

describe('parseCall', () => {
  it('tells calls, answerable garbage and unanswerable garbage apart', () => {
    expect(parseCall('{"t":"call","id":1,"ch":"app:info","args":{}}')).toEqual({ id: 1, ch: 'app:info', args: {} })
    expect(parseCall('{"t":"call","id":2}')).toEqual({ badId: 2 })
    expect(parseCall('{"t":"call","id":"x","ch":"app:info"}')).toBeNull()
    expect(parseCall('nope')).toBeNull()
    expect(parseCall('null')).toBeNull()
  })
})

/** Just enough of a ws socket for the bridge: what it sends and whether it was dropped. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readonly CLOSED = 3
  readyState = 1
  bufferedAmount = 0
  sent: string[] = []
  terminated = false
  send(text: string) {
    this.sent.push(text)
  }
  terminate() {
    this.terminated = true
    this.readyState = 3
  }
  ping() {}
  close() {
    this.readyState = 3
    this.emit('close')
  }
}

describe('SocketBridge backpressure', () => {
  it('drops a socket whose buffer passed the limit instead of growing memory, and logs it', () => {
    const events = new EventBus()
    const log = memoryLogger()
    const router = { dispatch: async () => ({ ok: true as const, value: null }) }
    const bridge = new SocketBridge(router, events, log, { slowBytes: 1000, dropBytes: 10_000, heartbeatMs: 60_000 })
    const fast = new FakeSocket()
    const stuck = new FakeSocket()
    bridge.attach(fast as unknown as WebSocket)
    bridge.attach(stuck as unknown as WebSocket)

    stuck.bufferedAmount = 5000
    events.emit('terminal:data', { id: 't', data: 'a' })
    expect(stuck.sent).toHaveLength(1)
    expect(log.lines.some((l) => l.startsWith('warn slow websocket'))).toBe(true)

    stuck.bufferedAmount = 20_000
    events.emit('terminal:data', { id: 't', data: 'b' })
    expect(stuck.terminated).toBe(true)
    expect(stuck.sent).toHaveLength(1)
    expect(fast.sent).toHaveLength(2)
    expect(bridge.size).toBe(1)
    expect(log.lines.some((l) => l.startsWith('error dropping a websocket'))).toBe(true)

    bridge.dispose()
    expect(events.size).toBe(0)
  })
})
