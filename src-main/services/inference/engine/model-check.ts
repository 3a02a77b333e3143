// Reads the model's GGUF header with Kiln's own reader before llama.cpp sees the file: a truncated
// or corrupt file, or one missing a key llama.cpp requires (which can abort the process outright),
// gets a clear message instead. Also what /v1/models and /props report about the model.
import { readGguf } from '../gguf/read'
import { summarizeGguf } from '../gguf/summary'

export interface ModelMeta {
  nParams: number
  size: number
  nCtxTrain: number
  nEmbd: number
  nVocab: number
  architecture: string
  chatTemplate: string | null
}

/** Throws with a message for the user; readGguf already refuses a file cut short of its tensors. */
export async function checkModelFile(path: string): Promise<ModelMeta> {
  const f = await readGguf(path)
  const m = f.metadata
  const arch = m.get('general.architecture')?.value
  if (typeof arch !== 'string') throw new Error(`${path}: the model lacks the required key general.architecture`)
  const required = [
    `${arch}.context_length`,
    `${arch}.embedding_length`,
    `${arch}.block_count`,
    `${arch}.attention.head_count`,
    'tokenizer.ggml.model',
    'tokenizer.ggml.tokens',
  ]
  const missing = required.filter((k) => !m.has(k))
  if (missing.length) throw new Error(`${path}: the model lacks the required key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
  const s = summarizeGguf(f)
  return {
    nParams: s.parameterCount,
    size: s.weightsBytes,
    nCtxTrain: s.contextLength ?? 0,
    nEmbd: s.embeddingLength ?? 0,
    nVocab: s.tokenizer.vocabSize ?? 0,
    architecture: arch,
    chatTemplate: s.chatTemplate?.text ?? null,
  }
}
