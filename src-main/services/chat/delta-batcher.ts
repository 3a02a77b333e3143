// Coalesces streamed pieces into one event every `ms` (tokens come far faster than a renderer
// wants to re-render Markdown); flush() sends what is pending at once.
export class DeltaBatcher {
  private pending = ''
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly send: (text: string) => void,
    private readonly ms = 20,
  ) {}

  push(text: string): void {
    this.pending += text
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.ms)
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (this.pending === '') return
    const text = this.pending
    this.pending = ''
    this.send(text)
  }
}
