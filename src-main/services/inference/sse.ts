// An incremental Server-Sent Events parser (the WHATWG event-stream format) fed with bytes as they
// arrive: chunks may split a line, a `\r\n`, or a UTF-8 character anywhere. Besides `data:` it keeps
// the `error:` field llama-server writes for a failure mid-stream (not a standard field).

export type SseEvent = {
  /** The `event:` field; 'message' when absent. */
  event: string
  /** The `data:` lines joined by '\n' (the spec's multi-line data). */
  data: string
  /** llama-server's `error: {...}` line, when the event has one. */
  error: string | null
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8')
  private buffer = ''
  /** A chunk ended in '\r': if the next one starts with '\n' that is the same line break. */
  private pendingCr = false
  private event = ''
  private data: string[] = []
  private error: string | null = null

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1)
    this.pendingCr = false
    this.buffer += text
    return this.drain(false)
  }

  /**
   * The stream ended. An event whose lines all arrived but whose closing blank line did not is still
   * given (a server that dies right after `error: {...}` should be heard); a last line cut off
   * without its line break is dropped, since it may be half a JSON object.
   */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode()
    const events = this.drain(true)
    const last = this.dispatch()
    if (last !== null) events.push(last)
    this.buffer = ''
    this.pendingCr = false
    return events
  }

  private drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = []
    let start = 0
    for (;;) {
      const lf = this.buffer.indexOf('\n', start)
      const cr = this.buffer.indexOf('\r', start)
      const brk = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr)
      if (brk === -1) break
      const line = this.buffer.slice(start, brk)
      if (this.buffer[brk] === '\r') {
        if (brk + 1 < this.buffer.length) start = this.buffer[brk + 1] === '\n' ? brk + 2 : brk + 1
        else {
          start = brk + 1
          this.pendingCr = !final
        }
      } else start = brk + 1
      const event = this.line(line)
      if (event !== null) events.push(event)
    }
    this.buffer = this.buffer.slice(start)
    return events
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) return null // a comment (keep-alive)
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') this.data.push(value)
    else if (field === 'event') this.event = value
    else if (field === 'error') this.error = this.error === null ? value : `${this.error}\n${value}`
    // id and retry mean nothing to a single request's stream.
    return null
  }

  private dispatch(): SseEvent | null {
    const hasData = this.data.length > 0
    const event: SseEvent | null = hasData || this.error !== null ? { event: this.event || 'message', data: this.data.join('\n'), error: this.error } : null
    this.reset()
    return event
  }

  private reset(): void {
    this.event = ''
    this.data = []
    this.error = null
  }
}
