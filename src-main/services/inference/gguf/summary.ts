// What a person (and the memory planner) wants from a GGUF header: the model's shape, its
// quantization, its tokenizer and chat template. Token lists are never part of it.
import { FILE_TYPES, type GgufEntry, type GgufValue } from './types'
import { readGguf, type GgufFile } from './read'

export type GgufTensorTypeUse = { type: string; tensors: number; parameters: number; bytes: number }

export type GgufSummary = {
  path: string
  fileSize: number
  version: 2 | 3
  alignment: number
  dataOffset: number
  tensorCount: number
  metadataCount: number
  architecture: string | null
  name: string | null
  parameterCount: number
  /** `general.file_type` by llama.cpp's name for it (Q4_K_M…); null when absent. */
  fileType: { id: number; name: string } | null
  /** The ggml types of the tensors, most bytes first. */
  tensorTypes: GgufTensorTypeUse[]
  /** The tensor data, as the weights take it in memory. */
  weightsBytes: number
  contextLength: number | null
  blockCount: number | null
  headCount: number | null
  headCountKv: number | null
  embeddingLength: number | null
  feedForwardLength: number | null
  /** `<arch>.attention.key_length` / `value_length` where the head size is not embedding / heads. */
  keyLength: number | null
  valueLength: number | null
  expertCount: number | null
  expertUsedCount: number | null
  chatTemplate: { length: number; text: string } | null
  tokenizer: { model: string | null; vocabSize: number | null }
}

export async function summarizeGgufFile(path: string): Promise<GgufSummary> {
  return summarizeGguf(await readGguf(path))
}

export function summarizeGguf(f: GgufFile): GgufSummary {
  const m = f.metadata
  const arch = str(m.get('general.architecture'))
  const archNum = (k: string): number | null => (arch === null ? null : num(m.get(`${arch}.${k}`)))
  const fileTypeId = num(m.get('general.file_type'))
  const template = str(m.get('tokenizer.chat_template'))
  const tokens = m.get('tokenizer.ggml.tokens')?.value

  const byType = new Map<string, GgufTensorTypeUse>()
  for (const t of f.tensors) {
    const use = byType.get(t.type.name) ?? { type: t.type.name, tensors: 0, parameters: 0, bytes: 0 }
    use.tensors++
    use.parameters += t.elements
    use.bytes += t.bytes
    byType.set(t.type.name, use)
  }
  const tensorTypes = [...byType.values()].sort((a, b) => b.bytes - a.bytes || a.type.localeCompare(b.type))

  return {
    path: f.path,
    fileSize: f.fileSize,
    version: f.version,
    alignment: f.alignment,
    dataOffset: f.dataOffset,
    tensorCount: f.tensors.length,
    metadataCount: m.size,
    architecture: arch,
    name: str(m.get('general.name')),
    parameterCount: f.tensors.reduce((s, t) => s + t.elements, 0),
    fileType: fileTypeId === null ? null : { id: fileTypeId, name: FILE_TYPES.get(fileTypeId) ?? `unknown (${fileTypeId})` },
    tensorTypes,
    weightsBytes: tensorTypes.reduce((s, t) => s + t.bytes, 0),
    contextLength: archNum('context_length'),
    blockCount: archNum('block_count'),
    headCount: archNum('attention.head_count'),
    headCountKv: archNum('attention.head_count_kv'),
    embeddingLength: archNum('embedding_length'),
    feedForwardLength: archNum('feed_forward_length'),
    keyLength: archNum('attention.key_length'),
    valueLength: archNum('attention.value_length'),
    expertCount: archNum('expert_count'),
    expertUsedCount: archNum('expert_used_count'),
    chatTemplate: template === null ? null : { length: template.length, text: template },
    tokenizer: {
      model: str(m.get('tokenizer.ggml.model')),
      vocabSize: typeof tokens === 'object' ? tokens.length : null,
    },
  }
}

const str = (e: GgufEntry | undefined): string | null => (e !== undefined && typeof e.value === 'string' ? e.value : null)

/** A number key; a per-layer array (some models vary heads by layer) counts as its largest item. */
function num(e: GgufEntry | undefined): number | null {
  if (e === undefined) return null
  return scalar(e.value)
}

function scalar(v: GgufValue): number | null {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'object' && v.items !== null) {
    const xs = v.items.map(scalar).filter((x): x is number => x !== null)
    return xs.length > 0 ? Math.max(...xs) : null
  }
  return null
}
