// A JSON-RPC 2.0 endpoint over a byte stream (both directions of one LSP connection): requests
// with ids and time limits (a request that runs out of time is cancelled with $/cancelRequest, as
// LSP 3.17 "Cancellation Support" describes), notifications, and the server's own requests, which
// are answered by registered handlers or with MethodNotFound. Requests never throw: the caller
// gets a value or the reason there is none.
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import { encodeMessage, MessageReader } from './codec'

/** JSON-RPC 2.0 error codes used here (jsonrpc.org spec; LSP 3.17 ErrorCodes). */
export const RpcErrorCode = {
  MethodNotFound: -32601,
  InternalError: -32603,
  RequestCancelled: -32800,
} as const

export type RpcOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'timeout' | 'error' | 'closed'; message: string; code?: number }

type RequestHandler = (params: unknown) => unknown
type NotificationHandler = (params: unknown) => void

interface Pending {
  method: string
  resolve: (outcome: RpcOutcome<unknown>) => void
  timer: NodeJS.Timeout | null
}

export interface ConnectionOptions {
  write: (bytes: Buffer) => void
  log: Logger
  /** The stream broke (bad framing): the owner should drop the connection and its process. */
  onFatal: (error: Error) => void
  maxMessageBytes?: number
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isId = (v: unknown): v is number | string => typeof v === 'number' || typeof v === 'string'

export class JsonRpcConnection implements Disposable {
  private readonly reader: MessageReader
  private readonly pending = new Map<number | string, Pending>()
  private readonly requestHandlers = new Map<string, RequestHandler>()
  private readonly notificationHandlers = new Map<string, NotificationHandler>()
  private nextId = 1
  private closed = false

  constructor(private readonly opts: ConnectionOptions) {
    this.reader = new MessageReader(
      {
        message: (m) => this.receive(m),
        badMessage: (e) => opts.log.warn(`language server: ${e.message}`),
        fatal: (e) => {
          this.close(`the language server's output broke: ${e.message}`)
          opts.onFatal(e)
        },
      },
      opts.maxMessageBytes,
    )
  }

  /** Feeds bytes read from the server's stdout. */
  push(chunk: Buffer): void {
    this.reader.push(chunk)
  }

  get isClosed(): boolean {
    return this.closed
  }

  request<T>(method: string, params: unknown, timeoutMs: number | null): Promise<RpcOutcome<T>> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed', message: 'the connection is closed' })
    const id = this.nextId++
    return new Promise<RpcOutcome<T>>((resolve) => {
      const entry: Pending = { method, resolve: resolve as (o: RpcOutcome<unknown>) => void, timer: null }
      if (timeoutMs !== null) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id)
          // Tell the server to stop working on it; it may still answer, and that answer is dropped.
          this.notify('$/cancelRequest', { id })
          resolve({ ok: false, reason: 'timeout', message: `${method}: no answer within ${timeoutMs} ms` })
        }, timeoutMs)
      }
      this.pending.set(id, entry)
      this.send({ jsonrpc: '2.0', id, method, params })
    })
  }

  notify(method: string, params: unknown): void {
    if (!this.closed) this.send({ jsonrpc: '2.0', method, params })
  }

  /** Answers the server's requests for `method`; the handler's value (or promise) is the result. */
  onRequest(method: string, handler: RequestHandler): void {
    this.requestHandlers.set(method, handler)
  }

  onNotification(method: string, handler: NotificationHandler): void {
    this.notificationHandlers.set(method, handler)
  }

  /** Settles every outstanding request as closed; nothing more is sent. */
  close(why = 'the connection is closed'): void {
    if (this.closed) return
    this.closed = true
    for (const [id, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer)
      p.resolve({ ok: false, reason: 'closed', message: `${p.method}: ${why}` })
      this.pending.delete(id)
    }
  }

  dispose(): void {
    this.close()
  }

  private send(message: Json): void {
    try {
      this.opts.write(encodeMessage(message))
    } catch (e) {
      this.opts.log.warn(`language server: could not send: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  private receive(message: unknown): void {
    if (this.closed) return
    if (!isObject(message)) {
      this.opts.log.warn('language server: a message that is not an object was ignored')
      return
    }
    const { id, method } = message
    if (typeof method === 'string') {
      if (isId(id)) void this.answer(id, method, message.params)
      else this.notificationHandlers.get(method)?.(message.params)
      return
    }
    if (!isId(id)) return // a response to nothing we can name (e.g. id null after a parse error)
    const p = this.pending.get(id)
    if (!p) return // timed out already, or not ours
    this.pending.delete(id)
    if (p.timer) clearTimeout(p.timer)
    if (isObject(message.error)) {
      const code = typeof message.error.code === 'number' ? message.error.code : undefined
      const text = typeof message.error.message === 'string' ? message.error.message : 'error'
      p.resolve({ ok: false, reason: 'error', message: `${p.method}: ${text}`, code })
    } else p.resolve({ ok: true, value: message.result ?? null })
  }

  private async answer(id: number | string, method: string, params: unknown): Promise<void> {
    const handler = this.requestHandlers.get(method)
    if (!handler) {
      this.send({ jsonrpc: '2.0', id, error: { code: RpcErrorCode.MethodNotFound, message: `Kiln does not handle ${method}` } })
      return
    }
    try {
      const result = await handler(params)
      if (!this.closed) this.send({ jsonrpc: '2.0', id, result: result ?? null })
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (!this.closed) this.send({ jsonrpc: '2.0', id, error: { code: RpcErrorCode.InternalError, message } })
    }
  }
}
