// One generation on one slot: reuse the slot's cached prefix, evaluate the rest of the prompt,
// sample until a stop condition, and hand each sendable text piece to onText. llama-server's
// stop conditions and timings (prompt_ms: start to the first sampled token; predicted_ms: from
// there to the last).
import { TextStream } from './text-stream'
import { commonPrefix, type Slot } from './slots'
import { contextOverflow } from './errors'
import { keepAwake } from './keep-awake'
import type { LlamaContextSequence, LlamaModel, Token } from './nlc'

export interface Sampling {
  /** -1: until the context is full. */
  nPredict: number
  temperature: number
  topK: number
  topP: number
  minP: number
  /** -1: random. */
  seed: number
  stop: string[]
  cachePrompt: boolean
  ignoreEos: boolean
  /** Stop after this long once a newline was generated (llama.vscode's t_max_predict_ms); 0: off. */
  tMaxPredictMs: number
}

export const DEFAULT_SAMPLING: Sampling = {
  nPredict: -1, temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, seed: -1, stop: [], cachePrompt: true, ignoreEos: false, tMaxPredictMs: 0,
}

export interface Timings {
  cache_n: number
  prompt_n: number
  prompt_ms: number
  prompt_per_token_ms: number
  prompt_per_second: number
  predicted_n: number
  predicted_ms: number
  predicted_per_token_ms: number
  predicted_per_second: number
}

export type StopType = 'eos' | 'word' | 'limit' | 'none'

export interface Generation {
  text: string
  tokens: Token[]
  stopType: StopType
  stoppingWord: string
  nPrompt: number
  timings: Timings
  /** The client went away: nothing more was generated. */
  cancelled: boolean
}

export interface Counters {
  promptTokens: number
  promptMs: number
  predictedTokens: number
  predictedMs: number
}

const rate = (n: number, ms: number): { perToken: number; perSecond: number } => ({
  perToken: n > 0 ? ms / n : 0,
  perSecond: ms > 0 ? (n * 1000) / ms : 0,
})

export function timings(cacheN: number, promptN: number, promptMs: number, predictedN: number, predictedMs: number): Timings {
  const p = rate(promptN, promptMs)
  const g = rate(predictedN, predictedMs)
  return {
    cache_n: cacheN,
    prompt_n: promptN,
    prompt_ms: promptMs,
    prompt_per_token_ms: p.perToken,
    prompt_per_second: p.perSecond,
    predicted_n: predictedN,
    predicted_ms: predictedMs,
    predicted_per_token_ms: g.perToken,
    predicted_per_second: g.perSecond,
  }
}

export async function generate(
  model: LlamaModel,
  slot: Slot,
  nCtx: number,
  prompt: readonly Token[],
  s: Sampling,
  onText: (piece: string, nTokens: number) => void,
  signal: AbortSignal,
  counters: Counters,
): Promise<Generation> {
  if (prompt.length >= nCtx) throw contextOverflow(prompt.length, nCtx)
  if (prompt.length === 0) throw new Error('empty prompt')
  const seq = slot.seq
  // At least one prompt token is evaluated, so that there are logits to sample from.
  const reuse = s.cachePrompt ? Math.min(commonPrefix(seq.contextTokens, prompt), prompt.length - 1) : 0
  if (seq.nextTokenIndex > reuse) await seq.eraseContextTokenRanges([{ start: reuse, end: seq.nextTokenIndex }])

  const stream = new TextStream(model, s.stop)
  const limit = s.nPredict < 0 ? nCtx - prompt.length : Math.min(s.nPredict, nCtx - prompt.length)
  const start = performance.now()
  let firstAt = start
  let lastAt = start
  let stopType: StopType = 'none'
  let sawNewline = false
  const release = keepAwake()
  try {
    if (limit > 0 && !signal.aborted) await loop()
    else if (limit <= 0) stopType = 'limit'
  } finally {
    release()
  }
  async function loop(): Promise<void> {
    // The prompt but its last token goes in as chunks, so that a client gone away stops it within
    // one chunk rather than after the whole prompt; the last token starts sampling.
    const fed = await feedPrompt(seq, prompt.slice(reuse, -1), signal)
    if (!fed) return
    const tokens = seq.evaluate(prompt.slice(-1), {
      temperature: s.temperature,
      topK: s.topK,
      topP: s.topP,
      minP: s.minP,
      seed: s.seed >= 0 ? s.seed : undefined,
      yieldEogToken: true,
    })
    for await (const token of tokens) {
      lastAt = performance.now()
      if (stream.tokens.length === 0) firstAt = lastAt
      if (signal.aborted) break
      if (!s.ignoreEos && model.isEogToken(token)) {
        stopType = 'eos'
        break
      }
      const piece = stream.push(token)
      slot.nDecoded = stream.tokens.length
      if (piece) onText(piece, stream.tokens.length)
      if (stream.stoppedBy !== null) {
        stopType = 'word'
        break
      }
      if (piece.includes('\n')) sawNewline = true
      if (stream.tokens.length >= limit) {
        stopType = 'limit'
        break
      }
      if (s.tMaxPredictMs > 0 && sawNewline && lastAt - firstAt > s.tMaxPredictMs) {
        stopType = 'limit'
        break
      }
    }
  }
  const tail = stream.flush()
  if (tail && !signal.aborted) onText(tail, stream.tokens.length)

  const promptN = prompt.length - reuse
  const promptMs = firstAt - start
  const predictedN = stream.tokens.length
  const predictedMs = lastAt - firstAt
  counters.promptTokens += promptN
  counters.promptMs += promptMs
  counters.predictedTokens += predictedN
  counters.predictedMs += predictedMs
  return {
    text: stream.text,
    tokens: stream.tokens,
    stopType,
    stoppingWord: stream.stoppedBy ?? '',
    nPrompt: prompt.length,
    timings: timings(reuse, promptN, promptMs, predictedN, predictedMs),
    cancelled: signal.aborted,
  }
}

/**
 * Prompt tokens per evaluation call. Each call costs about the same fixed amount per cached token
 * whatever its size (measured on the CPU backend: 48 calls of 16 tokens took 1.4 s for a prompt
 * that one call of 768 evaluates in 130 ms, and 3 calls of 256 in 134 ms), so chunks stay large:
 * an abort waits for at most one chunk instead of the whole prompt.
 */
export const PROMPT_CHUNK = 256

/** Evaluates tokens into the sequence in chunks, checking the signal between them. False when aborted. */
export async function feedPrompt(seq: LlamaContextSequence, tokens: readonly Token[], signal: AbortSignal): Promise<boolean> {
  const size = Math.max(1, Math.min(PROMPT_CHUNK, seq.context.batchSize))
  for (let at = 0; at < tokens.length; at += size) {
    if (signal.aborted) return false
    await seq.evaluateWithoutGeneratingNewTokens(tokens.slice(at, at + size))
  }
  return !signal.aborted
}
