// The LSP base protocol's framing (LSP 3.17 "Base Protocol"): each message is a header part of
// `Name: value\r\n` fields ended by an empty line, then exactly Content-Length *bytes* of UTF-8
// JSON. Pipes cut messages anywhere (mid-header, mid-character) and glue several together, so
// the reader buffers bytes and only decodes a body once all of it has arrived.

/** Bodies over this are refused: a server sending one is broken or hostile, not slow. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024
/** A header part longer than this has no end in sight (not LSP on the other side). */
const MAX_HEADER_BYTES = 8 * 1024
const SEPARATOR = Buffer.from('\r\n\r\n', 'ascii')

/** Frames one message: the Content-Length counts UTF-8 bytes, not characters. */
export function encodeMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8')
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body])
}

export type ReaderEvents = {
  message: (value: unknown) => void
  /** A framed body that is not JSON: that one message is lost, the stream stays in step. */
  badMessage: (error: Error) => void
  /** The stream can no longer be split into messages (bad header, over the cap); stop reading. */
  fatal: (error: Error) => void
}

export class MessageReader {
  private chunks: Buffer[] = []
  private buffered = 0
  /** Body length once the current message's header has been read. */
  private bodyLength: number | null = null
  private dead = false

  constructor(
    private readonly on: ReaderEvents,
    private readonly maxBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    if (this.dead || chunk.length === 0) return
    this.chunks.push(chunk)
    this.buffered += chunk.length
    while (!this.dead && this.step()) {
      // each step consumes one header or one body
    }
  }

  /** Consumes one header or one body if it has fully arrived; false when more bytes are needed. */
  private step(): boolean {
    if (this.bodyLength === null) {
      const all = this.flatten()
      const end = all.indexOf(SEPARATOR)
      if (end === -1) {
        if (all.length > MAX_HEADER_BYTES) this.fail(`no end of header within ${MAX_HEADER_BYTES} bytes`)
        return false
      }
      const length = parseHeader(all.subarray(0, end).toString('ascii'))
      if (typeof length === 'string') return this.fail(length)
      if (length > this.maxBytes) return this.fail(`a message of ${length} bytes is over the ${this.maxBytes}-byte limit`)
      this.bodyLength = length
      this.take(end + SEPARATOR.length)
      return true
    }
    if (this.buffered < this.bodyLength) return false
    const body = this.take(this.bodyLength)
    this.bodyLength = null
    let value: unknown
    try {
      value = JSON.parse(body.toString('utf8'))
    } catch (e) {
      this.on.badMessage(new Error(`unreadable message: ${e instanceof Error ? e.message : String(e)}`))
      return true
    }
    this.on.message(value)
    return true
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)]
    return this.chunks[0] ?? Buffer.alloc(0)
  }

  /** Removes and returns the first n buffered bytes (concatenating only what it must). */
  private take(n: number): Buffer {
    const all = this.flatten()
    const head = all.subarray(0, n)
    const rest = all.subarray(n)
    this.chunks = rest.length > 0 ? [rest] : []
    this.buffered = rest.length
    return head
  }

  private fail(message: string): false {
    this.dead = true
    this.chunks = []
    this.buffered = 0
    this.on.fatal(new Error(message))
    return false
  }
}

/** The body length from a header part, or why the header is unusable. */
function parseHeader(header: string): number | string {
  let length: number | null = null
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) return `malformed header line ${JSON.stringify(line.slice(0, 80))}`
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    // Content-Type is optional and only ever utf-8 in practice; other fields are ignored.
    if (name === 'content-length') {
      if (!/^\d{1,12}$/.test(value)) return `bad Content-Length ${JSON.stringify(value.slice(0, 40))}`
      length = Number(value)
    }
  }
  return length ?? 'a header without Content-Length'
}
