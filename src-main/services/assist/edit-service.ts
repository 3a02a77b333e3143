// assist:edit: streams a proposal from the model server. The answer to the request is only its id;
// text goes out as assist:delta (batched) and the end as assist:done with the whole reply and how it
// ended. The file is never touched here: the renderer shows a diff and applies what the user accepts.
import { randomUUID } from 'node:crypto'
import type { ChatMessageState, InferenceTimings } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import type { InferenceClient } from '../inference/client'
import { InferenceError } from '../inference/client-errors'
import { editMessages, type EditRequest } from './edit-prompt'
import type { AssistRequests } from './requests'

export const SERVER_DOWN = 'the model server is not running: start it in the Models view'

export interface EditServiceOptions {
  inference: { client(): InferenceClient | null }
  emit: Emit
  log: Logger
  requests: AssistRequests
  /** chat.maxReplyTokens and chat.systemPrompt, read at each request. */
  maxTokens: () => number
  systemPrompt: () => string
  /** How long deltas gather before one assist:delta goes out. */
  batchMs?: number
}

type Ending = { text: string; state: ChatMessageState; error: string | null; timings: InferenceTimings | null }

export class EditService implements Disposable {
  private readonly running = new Set<Promise<void>>()
  private readonly controllers = new Set<AbortController>()

  constructor(private readonly o: EditServiceOptions) {}

  /** Starts the stream and answers its id at once; throws when no server is ready. */
  edit(req: EditRequest): { requestId: string } {
    const client = this.o.inference.client()
    if (client === null) throw new KilnError('PROCESS', SERVER_DOWN)
    const requestId = randomUUID()
    const controller = new AbortController()
    const done = this.o.requests.register(requestId, controller)
    this.controllers.add(controller)
    // The request leaves the registry before assist:done goes out: a late cancel is a no-op.
    const ended = (): void => {
      done()
      this.controllers.delete(controller)
    }
    const run = this.stream(client, requestId, req, controller.signal, ended).finally(() => {
      ended()
      this.running.delete(run)
    })
    this.running.add(run)
    return { requestId }
  }

  /** Resolves when every stream has ended (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running])
  }

  private async stream(client: InferenceClient, requestId: string, req: EditRequest, signal: AbortSignal, ended: () => void): Promise<void> {
    let pending = ''
    let timer: NodeJS.Timeout | null = null
    const flush = (): void => {
      if (timer !== null) clearTimeout(timer)
      timer = null
      if (pending === '') return
      this.o.emit('assist:delta', { requestId, text: pending })
      pending = ''
    }
    const onDelta = (text: string): void => {
      pending += text
      timer ??= setTimeout(flush, this.o.batchMs ?? 16)
    }
    const maxTokens = this.o.maxTokens()
    let ending: Ending
    try {
      const r = await client.chat({ messages: editMessages(req, this.o.systemPrompt()), maxTokens, temperature: 0.2, cachePrompt: true }, { onDelta, signal })
      if (r.truncated) ending = { text: r.text, state: 'cut-off', error: 'the model server stopped in the middle of the reply: the partial proposal is kept', timings: r.timings }
      else if (r.finishReason === 'length') ending = { text: r.text, state: 'cut-off', error: `the reply reached the ${maxTokens}-token limit (chat.maxReplyTokens)`, timings: r.timings }
      else ending = { text: r.text, state: 'done', error: null, timings: r.timings }
    } catch (e) {
      ending = this.failure(e, signal)
    }
    flush()
    ended()
    this.o.emit('assist:done', { requestId, ...ending })
  }

  private failure(e: unknown, signal: AbortSignal): Ending {
    const partial = e instanceof InferenceError ? (e.partial?.text ?? '') : ''
    if (signal.aborted || (e instanceof InferenceError && e.kind === 'cancelled')) return { text: partial, state: 'stopped', error: null, timings: null }
    if (e instanceof InferenceError) {
      const words = e.kind === 'down' ? `${SERVER_DOWN} (${e.message})` : e.message
      return { text: partial, state: partial === '' ? 'error' : 'cut-off', error: words, timings: null }
    }
    this.o.log.error('assist:edit failed', e)
    return { text: partial, state: 'error', error: e instanceof Error ? e.message : String(e), timings: null }
  }

  /** Stops every stream; each still sends its assist:done ('stopped'). */
  dispose(): void {
    for (const c of this.controllers) c.abort()
  }
}
