// `kiln gguf FILE [--json]`: what a GGUF model file holds, from its header alone (the tensor data
// is never read, so a 30 GB file answers at once). The same summary the model library shows.
import { resolve } from 'node:path'
import { KilnError } from '../router'
import { summarizeGgufFile, type GgufSummary } from '../services/inference/gguf/summary'
import type { CliIo } from './outline'
import { oneArg } from './one-arg'

export const GGUF_USAGE = `Usage: kiln gguf FILE [--json]

Reads the header of a GGUF model file (never its tensor data): architecture, name, parameter
count, quantization and tensor types, context length, layers, heads, KV heads, embedding and
feed-forward sizes, chat template, tokenizer and vocabulary size, file size, alignment and data
offset.

  --json   print the summary as JSON (the chat template in full; token lists are never printed)

Exit status: 0 with a summary, 2 when FILE is missing, not GGUF or corrupt, or for a usage error.
`

const TEMPLATE_PREVIEW = 60

export async function ggufCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = oneArg('gguf', 'FILE', argv, GGUF_USAGE, io)
  if (typeof parsed === 'number') return parsed
  const { arg: file, json } = parsed
  try {
    const summary = await summarizeGgufFile(resolve(file))
    io.stdout(json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary))
    return 0
  } catch (e) {
    if (!(e instanceof KilnError)) throw e
    io.stderr(`kiln gguf: ${e.message}\n`)
    return 2
  }
}

export function formatSummary(s: GgufSummary): string {
  const n = (v: number | null): string => (v === null ? '—' : v.toLocaleString('en-US'))
  const template = s.chatTemplate === null ? 'none' : `${s.chatTemplate.length} chars: ${preview(s.chatTemplate.text)}`
  const rows: [string, string][] = [
    ['Architecture', s.architecture ?? '—'],
    ['Name', s.name ?? '—'],
    ['Parameters', `${n(s.parameterCount)} (${humanCount(s.parameterCount)})`],
    ['File type', s.fileType?.name ?? '—'],
    ['Tensor types', s.tensorTypes.map((t) => `${t.type} ×${t.tensors}`).join(', ') || '—'],
    ['Weights', bytes(s.weightsBytes)],
    ['Context length', n(s.contextLength)],
    ['Layers', n(s.blockCount)],
    ['Heads', n(s.headCount)],
    ['KV heads', n(s.headCountKv)],
    ['Embedding', n(s.embeddingLength)],
    ['Feed-forward', n(s.feedForwardLength)],
  ]
  if (s.keyLength !== null) rows.push(['Head size', `${s.keyLength} (key), ${s.valueLength ?? s.keyLength} (value)`])
  if (s.expertCount !== null) rows.push(['Experts', `${s.expertCount} (${s.expertUsedCount ?? '?'} used)`])
  rows.push(
    ['Tokenizer', `${s.tokenizer.model ?? '—'}, ${n(s.tokenizer.vocabSize)} tokens`],
    ['Chat template', template],
    ['File', `${bytes(s.fileSize)}, GGUF v${s.version}, ${s.tensorCount} tensors, ${s.metadataCount} keys`],
    ['Data', `at byte ${n(s.dataOffset)}, aligned to ${s.alignment}`],
  )
  const width = Math.max(...rows.map(([k]) => k.length)) + 2
  return `${s.path}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`).join('\n')}\n`
}

const preview = (t: string): string => {
  const flat = t.replace(/\s+/g, ' ')
  return flat.length > TEMPLATE_PREVIEW ? `${flat.slice(0, TEMPLATE_PREVIEW)}…` : flat
}

function humanCount(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)}B`
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}K`
  return String(x)
}

function bytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB (${b.toLocaleString('en-US')} bytes)`
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB (${b.toLocaleString('en-US')} bytes)`
  return `${b.toLocaleString('en-US')} bytes`
}
