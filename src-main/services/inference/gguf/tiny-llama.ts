// The spec of a tiny llama-architecture model with an SPM vocabulary: every key llama.cpp requires
// (DESIGN.md) and the 256 <0xNN> byte tokens, F32 weights from a fixed seed. Small enough to
// generate in a test; shaped so node-llama-cpp can load it. It has fill-in-the-middle tokens (for
// /infill), and its greedy output is printable text: one embedding dimension is a large constant
// that survives to the final norm, and the output rows give it +1 for printable tokens and -1 for
// the rest (control tokens, non-printable bytes), so those never win.
import type { GgufEntry } from './types'
import { garr, gf32, gstr, gu32, type GgufWriteSpec, type GgufWriteTensor } from './write'

export type TinyLlamaShape = {
  embedding: number
  layers: number
  heads: number
  kvHeads: number
  feedForward: number
  context: number
}

export const TINY_LLAMA: TinyLlamaShape = { embedding: 64, layers: 2, heads: 4, kvHeads: 2, feedForward: 128, context: 256 }

// llama_token_type: 1 normal, 2 unknown, 3 control, 6 byte.
const WORDS = ['▁', 'e', 't', 'a', 'o', 'n', 'i', 's', 'r', 'h', 'l', 'd', 'u', 'c', 'm', 'f', '▁the', '▁a', '▁function', '▁end', '▁return']
// Without FIM they are plain words, so the vocabulary has the same size either way.
const FIM = ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>']
const NO_FIM = ['(', ')', '=']

export type TinyLlamaOptions = { fim?: boolean }

export function tinyLlamaVocab({ fim = true }: TinyLlamaOptions = {}): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>']
  const types = [2, 3, 3]
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`)
    types.push(6)
  }
  for (const w of [...WORDS, ...(fim ? FIM : NO_FIM)]) {
    tokens.push(w)
    types.push(w.startsWith('<|') ? 3 : 1)
  }
  return { tokens, scores: tokens.map((_, i) => -i), types }
}

/** Whether greedy decoding may pick the token: printable ASCII bytes, newline, words. */
function printable(token: string, type: number): boolean {
  if (type === 1) return true
  if (type !== 6) return false
  const b = parseInt(token.slice(3, 5), 16)
  return b === 0x0a || (b >= 0x20 && b < 0x7f)
}

export function tinyLlamaSpec(shape: TinyLlamaShape = TINY_LLAMA, name = 'kiln-tiny-llama', options: TinyLlamaOptions = {}): GgufWriteSpec {
  const { embedding: e, layers, heads, kvHeads, feedForward: ff, context } = shape
  const fim = options.fim ?? true
  const vocab = tinyLlamaVocab({ fim })
  const n = vocab.tokens.length
  const kv = (e / heads) * kvHeads
  let seed = 0x2545f491
  const rand = (): number => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return ((seed >>> 0) / 0xffffffff - 0.5) * 0.1
  }
  const f32 = (nameT: string, dims: number[], fill: () => number): GgufWriteTensor => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).map(fill)
    return { name: nameT, dims, type: 'F32', data: new Uint8Array(data.buffer) }
  }
  const ones = (): number => 1
  // Dimension 0 of every embedding is the constant (ggml dims innermost first: element i*e + d).
  let k = 0
  const embd = (): number => (k++ % e === 0 ? 1 : rand())
  let o = 0
  const out = (): number => {
    const i = o++
    if (i % e !== 0) return rand()
    const t = Math.floor(i / e)
    return printable(vocab.tokens[t] as string, vocab.types[t] as number) ? 1 : -1
  }
  const tensors: GgufWriteTensor[] = [f32('token_embd.weight', [e, n], embd), f32('output_norm.weight', [e], ones), f32('output.weight', [e, n], out)]
  for (let l = 0; l < layers; l++) {
    const b = `blk.${l}.`
    tensors.push(
      f32(`${b}attn_norm.weight`, [e], ones),
      f32(`${b}attn_q.weight`, [e, e], rand),
      f32(`${b}attn_k.weight`, [e, kv], rand),
      f32(`${b}attn_v.weight`, [e, kv], rand),
      f32(`${b}attn_output.weight`, [e, e], rand),
      f32(`${b}ffn_norm.weight`, [e], ones),
      f32(`${b}ffn_gate.weight`, [e, ff], rand),
      f32(`${b}ffn_up.weight`, [e, ff], rand),
      f32(`${b}ffn_down.weight`, [ff, e], rand),
    )
  }
  const fimKeys: [string, GgufEntry][] = fim
    ? [
        ['tokenizer.ggml.fim_pre_token_id', gu32(n - 3)],
        ['tokenizer.ggml.fim_suf_token_id', gu32(n - 2)],
        ['tokenizer.ggml.fim_mid_token_id', gu32(n - 1)],
      ]
    : []
  return {
    metadata: [
      ['general.architecture', gstr('llama')],
      ['general.name', gstr(name)],
      ['general.file_type', gu32(0)],
      ['llama.context_length', gu32(context)],
      ['llama.embedding_length', gu32(e)],
      ['llama.block_count', gu32(layers)],
      ['llama.feed_forward_length', gu32(ff)],
      ['llama.attention.head_count', gu32(heads)],
      ['llama.attention.head_count_kv', gu32(kvHeads)],
      ['llama.attention.layer_norm_rms_epsilon', gf32(1e-5)],
      ['llama.rope.dimension_count', gu32(e / heads)],
      ['tokenizer.ggml.model', gstr('llama')],
      ['tokenizer.ggml.tokens', garr('string', vocab.tokens)],
      ['tokenizer.ggml.scores', garr('float32', vocab.scores)],
      ['tokenizer.ggml.token_type', garr('int32', vocab.types)],
      ['tokenizer.ggml.unknown_token_id', gu32(0)],
      ['tokenizer.ggml.bos_token_id', gu32(1)],
      ['tokenizer.ggml.eos_token_id', gu32(2)],
      ...fimKeys,
      ['tokenizer.chat_template', gstr(CHAT_TEMPLATE)],
    ],
    tensors,
  }
}

const CHAT_TEMPLATE =
  "{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + '</s>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}"
