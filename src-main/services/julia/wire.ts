// The side channel's wire format (docs/protocol.md, "Julia side channel").
// Main -> Julia: length-prefixed fields, so kiln.jl needs no JSON parser:
//   <verb> <id> <nfields>\n  then per field  <name> <nbytes>\n<value bytes>\n
// Julia -> main: one JSON object per line, validated here with zod before anything trusts it.
import { z } from 'zod'

export type Verb = 'eval' | 'variables' | 'interrupt' | 'activate' | 'ping'

const WORD = /^[A-Za-z][A-Za-z0-9_-]*$/

/** One request as bytes. Field values are counted in UTF-8 bytes, which is what Julia reads. */
export function encodeRequest(verb: Verb, id: string, fields: ReadonlyArray<readonly [string, string]> = []): Buffer {
  if (!WORD.test(id)) throw new Error(`request id must be a plain word: ${JSON.stringify(id)}`)
  const parts: Buffer[] = [Buffer.from(`${verb} ${id} ${fields.length}\n`, 'utf8')]
  for (const [name, value] of fields) {
    if (!WORD.test(name)) throw new Error(`field name must be a plain word: ${JSON.stringify(name)}`)
    const bytes = Buffer.from(value, 'utf8')
    parts.push(Buffer.from(`${name} ${bytes.length}\n`, 'utf8'), bytes, Buffer.from('\n', 'utf8'))
  }
  return Buffer.concat(parts)
}

export const encodeEval = (id: string, a: { code: string; file: string; line: number; module: string }): Buffer =>
  encodeRequest('eval', id, [
    ['code', a.code],
    ['file', a.file],
    ['line', String(a.line)],
    ['module', a.module],
  ])

// ----- Julia -> main

const frame = z.object({ func: z.string(), file: z.string(), line: z.number().int() })
const mime = z.enum(['image/png', 'image/svg+xml'])

export const helloMessage = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  token: z.string(),
  version: z.string(),
  pid: z.number().int(),
  threads: z.number().int(),
  project: z.string().nullable().optional(),
})

const resultMessage = z.object({
  type: z.literal('result'),
  id: z.string(),
  ok: z.boolean(),
  text: z.string().default(''),
  truncated: z.boolean().default(false),
  mime: mime.nullable().default(null),
  data: z.string().nullable().default(null),
  error: z.object({ type: z.string(), message: z.string(), frames: z.array(frame).default([]) }).nullable().optional(),
  evalMs: z.number().nonnegative().default(0),
  project: z.string().nullable().optional(),
  /** The module the code ran in (`string(mod)`): Main when the requested one is not loaded. Optional: older kiln.jl sends none. */
  module: z.string().optional(),
})

const variable = z.object({ name: z.string(), type: z.string(), size: z.string().default(''), summary: z.string().default('') })

export const juliaMessage = z.discriminatedUnion('type', [
  helloMessage,
  resultMessage,
  z.object({ type: z.literal('variables'), id: z.string(), variables: z.array(variable) }),
  z.object({ type: z.literal('ack'), id: z.string() }),
  z.object({ type: z.literal('pong'), id: z.string() }),
  z.object({ type: z.literal('project'), id: z.string(), project: z.string().nullable() }),
  z.object({ type: z.literal('display'), mime, data: z.string() }),
  z.object({ type: z.literal('error'), id: z.string().nullable().optional(), message: z.string() }),
])

export type HelloMessage = z.infer<typeof helloMessage>
export type JuliaMessage = z.infer<typeof juliaMessage>
export type ResultMessage = z.infer<typeof resultMessage>

/** A line that is not a protocol message: the reason, for the log. */
export type Malformed = { malformed: string }

export function parseMessage(line: string): JuliaMessage | Malformed {
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch (e) {
    return { malformed: `not JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
  const parsed = juliaMessage.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  return { malformed: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` }
}

export const isMalformed = (m: JuliaMessage | Malformed): m is Malformed => 'malformed' in m

/** 64 MiB: a big base64 PNG fits; a runaway writer does not take main's memory with it. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024

/**
 * Splits a byte stream into `\n`-terminated UTF-8 lines. Chunks are kept as they come and joined
 * once per line, so a multi-megabyte line costs one copy. A line over `maxBytes` is an error:
 * the stream cannot be trusted after it, and `push` throws.
 */
export class LineReader {
  private chunks: Buffer[] = []
  private size = 0

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl < 0) break
      const piece = chunk.subarray(start, nl)
      this.grow(piece.length)
      this.chunks.push(piece)
      const line = Buffer.concat(this.chunks, this.size).toString('utf8')
      this.chunks = []
      this.size = 0
      start = nl + 1
      const text = line.endsWith('\r') ? line.slice(0, -1) : line
      if (text.trim() !== '') this.onLine(text)
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      this.grow(rest.length)
      this.chunks.push(rest)
    }
  }

  /** Bytes held of a line not yet complete. */
  get pending(): number {
    return this.size
  }

  private grow(n: number): void {
    this.size += n
    if (this.size > this.maxBytes) {
      this.chunks = []
      this.size = 0
      throw new Error(`a message from Julia is longer than ${this.maxBytes} bytes`)
    }
  }
}
