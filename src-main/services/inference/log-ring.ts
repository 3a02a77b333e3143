// The server's log: the last `cap` characters in memory (a model load can print megabytes of
// tensor lines on a verbose llama-server), and the same text sent on as `inference:log` events,
// batched so that a flood of lines becomes a few events per second rather than thousands.
import type { Disposable } from '../../lib/disposable'

export const LOG_CAP = 512 * 1024
export const LOG_BATCH_MS = 50

export class LogRing {
  private chunks: string[] = []
  private size = 0
  private dropped = false

  constructor(private readonly cap = LOG_CAP) {}

  append(text: string): void {
    if (text === '') return
    this.chunks.push(text)
    this.size += text.length
    while (this.size > this.cap && this.chunks.length > 0) {
      const first = this.chunks[0]!
      const over = this.size - this.cap
      this.dropped = true
      // Cut at the next line start, so the tail begins with a whole line (mid-line only when the
      // chunk holds no line end after the cut).
      const nl = first.length <= over ? -1 : first.indexOf('\n', over)
      const cut = first.length <= over ? first.length : nl >= 0 ? nl + 1 : over
      if (cut >= first.length) {
        this.chunks.shift()
        this.size -= first.length
      } else {
        this.chunks[0] = first.slice(cut)
        this.size -= cut
      }
    }
  }

  get truncated(): boolean {
    return this.dropped
  }

  text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')]
    return this.chunks[0] ?? ''
  }
}

/** Collects text and hands it to `send` at most every `ms` (and at once on flush). */
export class LogBatcher implements Disposable {
  private pending = ''
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly send: (text: string) => void,
    private readonly ms = LOG_BATCH_MS,
  ) {}

  push(text: string): void {
    if (text === '') return
    this.pending += text
    this.timer ??= setTimeout(() => this.flush(), this.ms)
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.pending === '') return
    const text = this.pending
    this.pending = ''
    this.send(text)
  }

  dispose(): void {
    this.flush()
  }
}
