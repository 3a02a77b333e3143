// Output batching and ack-based flow control for one pty, in the style of VS Code's pty host:
// output is coalesced for a few milliseconds (or until a size cap) into one event, and every
// character sent counts as unacknowledged until the renderer says xterm has written it. Above the
// high watermark the pty is paused (the kernel then blocks the writer, e.g. `yes`); acks that bring
// the count under the low watermark resume it. Input never passes through here, so Ctrl-C reaches
// the pty at once however much output is in flight.

export interface FlowOptions {
  batchMs: number
  batchMaxChars: number
  highWatermark: number
  lowWatermark: number
}

// VS Code's pty host uses 100 K / 5 K: the pipe then drains completely before the pty resumes, and
// throughput is one window per round trip. Measured here (test/bench), 400 K / 200 K keeps the pipe
// half full: 10.1 vs 7.4 MiB/s through to xterm, while Ctrl-C still shows the prompt in 63-77 ms
// (1 M / 500 K pushed it to ~200 ms). See docs/decisions.md.
export const defaultFlow: FlowOptions = {
  batchMs: 5,
  batchMaxChars: 200_000,
  highWatermark: 400_000,
  lowWatermark: 200_000,
}

export interface OutputPumpHooks {
  send(data: string): void
  pause(): void
  resume(): void
}

export class OutputPump {
  private chunks: string[] = []
  private pendingChars = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private unacked = 0
  private paused = false
  private eager = false
  private disposed = false

  constructor(
    private readonly hooks: OutputPumpHooks,
    private readonly flow: FlowOptions = defaultFlow,
  ) {}

  /** Characters sent (or queued) that the renderer has not acknowledged yet. */
  get unacknowledged(): number {
    return this.unacked
  }

  get isPaused(): boolean {
    return this.paused
  }

  push(data: string): void {
    if (this.disposed || data.length === 0) return
    this.chunks.push(data)
    this.pendingChars += data.length
    this.unacked += data.length
    if (!this.paused && this.unacked > this.flow.highWatermark) {
      this.paused = true
      this.hooks.pause()
    }
    // Waiting only adds latency to every flow-control cycle when nothing more is coming (paused)
    // or when the renderer has just caught up (the first output after a resume).
    if (this.paused || this.eager || this.pendingChars >= this.flow.batchMaxChars) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.flow.batchMs)
  }

  /** Sends whatever is queued now (before an exit event, so output is never reordered after it). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.eager = false
    if (this.chunks.length === 0 || this.disposed) return
    const data = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('')
    this.chunks = []
    this.pendingChars = 0
    this.hooks.send(data)
  }

  ack(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars)
    if (this.paused && this.unacked < this.flow.lowWatermark) this.release()
  }

  /** Forgets every outstanding character and resumes (a fresh shell, or a renderer that reattached). */
  reset(): void {
    this.unacked = 0
    if (this.paused) this.release()
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.chunks = []
    this.disposed = true
  }

  private release(): void {
    this.paused = false
    this.eager = true
    if (!this.disposed) this.hooks.resume()
  }
}
