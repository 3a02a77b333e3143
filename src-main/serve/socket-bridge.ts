// Carries the contract over WebSockets: `call` messages go to the router and come back as
// `result`; every EventBus event goes to every socket as `event`.
import type { RawData, WebSocket } from 'ws'
import { err, type EventName, type WireMessage } from '../../src-preload/contract'
import type { Disposable } from '../lib/disposable'
import type { Logger } from '../lib/log'
import type { HostEvents, HostRouter } from './host-app'

export interface BridgeLimits {
  /** Above this many buffered bytes a socket is called slow (logged once per episode). */
  slowBytes: number
  /** Above this a socket is dropped: its client reconnects, and memory stays bounded. */
  dropBytes: number
  heartbeatMs: number
}

export const defaultLimits: BridgeLimits = { slowBytes: 8 << 20, dropBytes: 64 << 20, heartbeatMs: 30_000 }

type Call = { id: number; ch: string; args: unknown }

/** Returns the call, an id to answer with an error, or null when nothing can be answered. */
export const parseCall = (text: string): Call | { badId: number } | null => {
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof message !== 'object' || message === null) return null
  const m = message as Record<string, unknown>
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return null
  if (m.t !== 'call' || typeof m.ch !== 'string') return { badId: m.id }
  return { id: m.id, ch: m.ch, args: m.args }
}

const rawText = (data: RawData): string => {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8')
}

const serialize = (message: WireMessage): string => {
  try {
    return JSON.stringify(message)
  } catch (e) {
    if (message.t !== 'result') throw e
    const failed = err('INTERNAL', `result could not be serialized: ${e instanceof Error ? e.message : String(e)}`)
    return JSON.stringify({ t: 'result', id: message.id, result: failed } satisfies WireMessage)
  }
}

export class SocketBridge implements Disposable {
  private readonly sockets = new Set<WebSocket>()
  private readonly slow = new WeakSet<WebSocket>()
  private readonly alive = new WeakMap<WebSocket, boolean>()
  private readonly subscription: Disposable
  private readonly heartbeat: NodeJS.Timeout

  constructor(
    private readonly router: HostRouter,
    events: HostEvents,
    private readonly log: Logger,
    private readonly limits: BridgeLimits = defaultLimits,
  ) {
    this.subscription = events.subscribe((ev, payload) => this.broadcast(ev, payload))
    this.heartbeat = setInterval(() => this.checkAlive(), limits.heartbeatMs)
    this.heartbeat.unref()
  }

  get size(): number {
    return this.sockets.size
  }

  attach(socket: WebSocket): void {
    this.sockets.add(socket)
    this.alive.set(socket, true)
    socket.on('pong', () => this.alive.set(socket, true))
    socket.on('message', (data, isBinary) => this.receive(socket, data, isBinary))
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', (e) => this.log.warn(`websocket error: ${e.message}`))
  }

  private receive(socket: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) return this.log.warn('ignored a binary websocket message')
    const text = rawText(data)
    const call = parseCall(text)
    if (call === null) return this.log.warn(`ignored a malformed websocket message (${text.length} chars)`)
    if ('badId' in call) {
      return this.send(socket, { t: 'result', id: call.badId, result: err('INVALID_ARGS', 'malformed call message') })
    }
    void this.router.dispatch(call.ch, call.args).then(
      (result) => this.send(socket, { t: 'result', id: call.id, result }),
      // The router never throws, but a broken one must not leave the renderer waiting forever.
      (e: unknown) => this.send(socket, { t: 'result', id: call.id, result: err('INTERNAL', String(e)) }),
    )
  }

  private broadcast(ev: EventName, payload: unknown): void {
    if (this.sockets.size === 0) return
    const text = serialize({ t: 'event', ev, payload })
    for (const socket of this.sockets) this.sendText(socket, text)
  }

  private send(socket: WebSocket, message: WireMessage): void {
    this.sendText(socket, serialize(message))
  }

  private sendText(socket: WebSocket, text: string): void {
    if (socket.readyState !== socket.OPEN) return
    const buffered = socket.bufferedAmount
    if (buffered > this.limits.dropBytes) {
      this.log.error(`dropping a websocket that stopped reading (${buffered} bytes buffered); the client will reconnect`)
      this.sockets.delete(socket)
      socket.terminate()
      return
    }
    if (buffered > this.limits.slowBytes && !this.slow.has(socket)) {
      this.slow.add(socket)
      this.log.warn(`slow websocket client: ${buffered} bytes buffered`)
    } else if (buffered < this.limits.slowBytes / 4) {
      this.slow.delete(socket)
    }
    socket.send(text)
  }

  private checkAlive(): void {
    for (const socket of this.sockets) {
      if (!this.alive.get(socket)) {
        this.log.warn('terminating a websocket that stopped answering pings')
        this.sockets.delete(socket)
        socket.terminate()
        continue
      }
      this.alive.set(socket, false)
      socket.ping()
    }
  }

  /** Closes every socket (1001 going away), terminating those that do not finish within `graceMs`. */
  async closeAll(graceMs = 1000): Promise<void> {
    const closing = [...this.sockets].map(
      (socket) =>
        new Promise<void>((done) => {
          if (socket.readyState === socket.CLOSED) return done()
          const timer = setTimeout(() => {
            socket.terminate()
            done()
          }, graceMs)
          socket.once('close', () => {
            clearTimeout(timer)
            done()
          })
          socket.close(1001, 'Kiln is shutting down')
        }),
    )
    await Promise.all(closing)
    this.sockets.clear()
  }

  dispose(): void {
    clearInterval(this.heartbeat)
    this.subscription.dispose()
  }
}
