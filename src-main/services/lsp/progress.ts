// Work-done progress from the server ($/progress with begin/report/end values, LSP 3.17 "Work
// Done Progress"): which tokens are in flight and a one-line text for the status bar, e.g.
// "Indexing: Base (40%)". A server that reports on a token it never created is still believed.

type Work = { title: string; message: string | null; percentage: number | null }

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

export class ProgressTracker {
  private readonly work = new Map<string, Work>()
  /** The token whose text shows: the one that changed last. */
  private latest: string | null = null

  /** Applies one $/progress notification; true when what `text()` shows may have changed. */
  apply(params: unknown): boolean {
    if (!isObject(params) || !isObject(params.value)) return false
    const token = String(params.token)
    const v = params.value
    const message = typeof v.message === 'string' && v.message !== '' ? v.message : null
    const percentage = typeof v.percentage === 'number' && Number.isFinite(v.percentage) ? Math.round(v.percentage) : null
    switch (v.kind) {
      case 'begin':
        this.work.set(token, { title: typeof v.title === 'string' ? v.title : 'Working', message, percentage })
        this.latest = token
        return true
      case 'report': {
        const w = this.work.get(token)
        if (!w) return false
        if (message !== null) w.message = message
        if (percentage !== null) w.percentage = percentage
        this.latest = token
        return true
      }
      case 'end':
        if (!this.work.delete(token)) return false
        if (this.latest === token) this.latest = [...this.work.keys()].pop() ?? null
        return true
      default:
        return false
    }
  }

  get busy(): boolean {
    return this.work.size > 0
  }

  text(): string | null {
    const w = this.latest === null ? undefined : this.work.get(this.latest)
    if (!w) return null
    const parts = [w.title, w.message].filter((p): p is string => p !== null && p !== '')
    const text = parts.join(': ')
    return w.percentage === null ? text : `${text} (${w.percentage}%)`
  }

  clear(): void {
    this.work.clear()
    this.latest = null
  }
}
