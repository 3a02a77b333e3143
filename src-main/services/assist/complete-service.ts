// Ghost-text completions: one /infill request per editor path at a time. A newer request for the
// same path aborts the older one, assist:cancel aborts at once (through the shared request
// registry), and aborting closes the HTTP connection so the server stops generating.
import type { AssistStatus } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import { KilnError } from '../../router'
import type { InferenceClient } from '../inference/client'
import { toKilnError } from '../inference/client-errors'
import { cleanCompletion, infillRequest, type InfillInput, type InfillRequest } from './complete-prompt'
import type { AssistRequests } from './requests'

export interface CompleteServiceOptions {
  /** The running server's client, or null when none runs. */
  client: () => Pick<InferenceClient, 'infill'> | null
  /** Whether the server answers requests (state 'ready'). */
  serverReady: () => Promise<boolean>
  /** The assist.completion setting. */
  enabled: () => boolean
  /** Shared with assist:cancel and assist:edit. */
  requests: Pick<AssistRequests, 'register'>
  emit?: Emit
  now?: () => number
  /** Overrides of the request (the benchmark asks for a long generation to cancel mid-way). */
  tune?: Partial<InfillRequest>
}

export type CompleteRequest = InfillInput & { requestId: string }

export class CompleteService implements Disposable {
  private readonly live = new Set<AbortController>()
  private lastMs: number | null = null
  private readonly now: () => number

  constructor(private readonly opts: CompleteServiceOptions) {
    this.now = opts.now ?? (() => performance.now())
  }

  async status(): Promise<AssistStatus> {
    return { serverReady: await this.opts.serverReady(), completionEnabled: this.opts.enabled(), lastCompletionMs: this.lastMs }
  }

  /** The completion at the cursor; rejects with CANCELLED when aborted by a newer request or assist:cancel. */
  async complete(req: CompleteRequest): Promise<{ text: string; ms: number }> {
    if (!this.opts.enabled()) throw new KilnError('UNSUPPORTED', 'completion is off (setting assist.completion)')
    const client = this.opts.client()
    if (client === null) throw new KilnError('PROCESS', 'no model server is running: start one from the Models view')

    const controller = new AbortController()
    // The group aborts the older completion for the same file.
    const settled = this.opts.requests.register(req.requestId, controller, `complete:${req.path}`)
    this.live.add(controller)
    const t0 = this.now()
    try {
      const result = await client.infill({ ...infillRequest(req), ...this.opts.tune }, { signal: controller.signal })
      if (controller.signal.aborted) throw cancelled()
      const ms = Math.round(this.now() - t0)
      this.lastMs = ms
      this.opts.emit?.('assist:status', { serverReady: true, completionEnabled: this.opts.enabled(), lastCompletionMs: ms })
      return { text: cleanCompletion(result.text, req.suffix), ms }
    } catch (e) {
      if (controller.signal.aborted) throw cancelled()
      throw toKilnError(e)
    } finally {
      this.live.delete(controller)
      settled()
    }
  }

  /** Requests in flight now (tests and the benchmark check that none is left behind). */
  get inFlight(): number {
    return this.live.size
  }

  dispose(): void {
    for (const controller of this.live) controller.abort()
    this.live.clear()
  }
}

const cancelled = (): KilnError => new KilnError('CANCELLED', 'the completion was cancelled')
