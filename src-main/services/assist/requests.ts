// Streams the renderer may cancel with assist:cancel (edits and completions share the channel).
// A request registered under a group (a file's path, for completions) cancels the earlier one in it.
import type { Disposable } from '../../lib/disposable'

export class AssistRequests implements Disposable {
  private readonly live = new Map<string, { controller: AbortController; group: string | null }>()

  /** Tracks a request until it ends: call the returned function when it does. */
  register(requestId: string, controller: AbortController, group: string | null = null): () => void {
    if (group !== null) for (const [id, r] of this.live) if (r.group === group) this.cancel(id)
    this.live.set(requestId, { controller, group })
    return () => {
      if (this.live.get(requestId)?.controller === controller) this.live.delete(requestId)
    }
  }

  /** False when the request already ended (or never was). */
  cancel(requestId: string): boolean {
    const r = this.live.get(requestId)
    if (r === undefined) return false
    this.live.delete(requestId)
    r.controller.abort()
    return true
  }

  get size(): number {
    return this.live.size
  }

  dispose(): void {
    for (const id of [...this.live.keys()]) this.cancel(id)
  }
}
