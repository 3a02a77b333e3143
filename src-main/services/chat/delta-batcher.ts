// Coalesces streamed pieces into one event every `ms` (tokens come far faster than a renderer
// wants to re-render Markdown); flush() sends what is pending at once. Pieces go out at once until
// one has something visible (a reply often starts with a newline or a space): batching is for the
// rate, and holding the first words back only adds to the time to first token (the chat bench
// measured 20 ms of it).
export class DeltaBatcher {
  private pending = ''
  private timer: NodeJS.Timeout | null = null
  private started = false

  constructor(
    private readonly send: (text: string) => void,
    private readonly ms = 20,
  ) {}

  push(text: string): void {
    if (text === '') return
    if (!this.started) {
      this.started = /\S/.test(text)
      this.send(text)
      return
    }
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
