// One running REPL's side-channel conversation: requests out (wire.ts), answers matched to them by
// id, unsolicited displays passed on. Evaluations run one at a time in order on the Julia side;
// many may be queued here. Every pending request is settled: by its answer, by a time limit
// (requests other than evaluations), or by `fail` when the REPL goes away.
import { performance } from 'node:perf_hooks'
import type { RichResult } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import type { SideChannel } from './side-channel'
import { encodeEval, encodeRequest, type JuliaMessage, type ResultMessage, type Verb } from './wire'

export interface SessionHooks {
  log: Logger
  /** An unsolicited display() of an image. */
  display(rich: RichResult): void
  /** Evaluations went from none pending to some, or back. */
  busyChanged(busy: boolean): void
}

type Waiter = {
  resolve(m: JuliaMessage): void
  reject(e: Error): void
  timer: ReturnType<typeof setTimeout> | null
}

export type EvalRequest = { code: string; file: string; line: number; module: string }
export type EvalAnswer = { message: ResultMessage; totalMs: number }

export class ReplSession implements Disposable {
  private readonly waiters = new Map<string, Waiter>()
  private readonly evals = new Set<string>()
  private nextId = 1
  private failure: KilnError | null = null

  constructor(
    private readonly channel: SideChannel,
    private readonly hooks: SessionHooks,
  ) {
    channel.onMessage((m) => this.receive(m))
  }

  /** Evaluations sent and not answered yet. */
  get evaluating(): number {
    return this.evals.size
  }

  async eval(req: EvalRequest): Promise<EvalAnswer> {
    const id = `e${this.nextId++}`
    const t0 = performance.now()
    this.evals.add(id)
    if (this.evals.size === 1) this.hooks.busyChanged(true)
    try {
      const message = await this.send(id, encodeEval(id, req), null)
      if (message.type !== 'result') throw new KilnError('INTERNAL', `Julia answered an evaluation with "${message.type}"`)
      return { message, totalMs: performance.now() - t0 }
    } finally {
      this.evals.delete(id)
      if (this.evals.size === 0 && !this.failure) this.hooks.busyChanged(false)
    }
  }

  /** A request other than eval; rejects with TIMEOUT after `timeoutMs`. */
  request(verb: Exclude<Verb, 'eval'>, fields: ReadonlyArray<readonly [string, string]>, timeoutMs: number): Promise<JuliaMessage> {
    const id = `${verb[0]}${this.nextId++}`
    return this.send(id, encodeRequest(verb, id, fields), timeoutMs)
  }

  /** Settles every pending request with `error`; later requests fail the same way at once. */
  fail(error: KilnError): void {
    this.failure ??= error
    const all = [...this.waiters.values()]
    this.waiters.clear()
    for (const w of all) {
      if (w.timer) clearTimeout(w.timer)
      w.reject(error)
    }
  }

  dispose(): void {
    this.fail(new KilnError('CANCELLED', 'the Julia REPL stopped'))
  }

  private send(id: string, bytes: Buffer, timeoutMs: number | null): Promise<JuliaMessage> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<JuliaMessage>((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => {
              this.waiters.delete(id)
              reject(new KilnError('TIMEOUT', `Julia did not answer within ${Math.round(timeoutMs / 1000)} s`))
            }, timeoutMs)
      this.waiters.set(id, { resolve, reject, timer })
      if (!this.channel.send(bytes)) {
        this.waiters.delete(id)
        if (timer) clearTimeout(timer)
        reject(new KilnError('PROCESS', 'the connection to the Julia REPL is closed'))
      }
    })
  }

  private receive(m: JuliaMessage): void {
    if (m.type === 'display') return this.hooks.display({ mime: m.mime, data: m.data })
    if (m.type === 'hello') return this.hooks.log.warn('julia side channel: a second hello, ignored')
    const id = m.id ?? null
    const w = id === null ? undefined : this.waiters.get(id)
    if (!w || id === null) {
      if (m.type === 'error') this.hooks.log.warn(`julia side channel: ${m.message}`)
      else this.hooks.log.warn(`julia side channel: an answer to no request (${m.type} ${id ?? ''})`)
      return
    }
    this.waiters.delete(id)
    if (w.timer) clearTimeout(w.timer)
    if (m.type === 'error') w.reject(new KilnError('PROCESS', `Julia could not handle the request: ${m.message}`))
    else w.resolve(m)
  }
}
