// POST /completion (and /completions): llama-server's own shape. The prompt is a string or token
// ids (or a mix); streamed as `data: {"content":"…","stop":false}` chunks, the last with stop:true,
// the stop reason and timings. Also serves /infill's reply (infill.ts builds the prompt).
import { badRequest } from './errors'
import { bool, idSlot, sampling, type Body } from './params'
import { endSse, sendEvent, startSse } from './sse'
import { runTask, sendJson, type Ctx } from './task'
import type { Engine } from './engine'
import type { Token } from './nlc'

export function promptTokens(engine: Engine, prompt: unknown): Token[] {
  if (typeof prompt === 'string') return engine.tokenize(prompt, true)
  if (Array.isArray(prompt) && prompt.length > 0) {
    const out: Token[] = []
    for (const p of prompt) {
      if (typeof p === 'number' && Number.isInteger(p)) out.push(p as Token)
      else if (typeof p === 'string') out.push(...engine.tokenize(p, false))
      else throw badRequest("'prompt' must be a string, or an array of token ids and strings")
    }
    return engine.withBos(out)
  }
  throw badRequest("'prompt' must be a string, or an array of token ids and strings")
}

export async function completion(c: Ctx): Promise<void> {
  await respondNative(c, promptTokens(c.engine, c.body.prompt))
}

/** Runs the prompt and replies in llama-server's /completion shape. */
export async function respondNative(c: Ctx, prompt: Token[]): Promise<void> {
  const s = sampling(c.body)
  const stream = bool(c.body, 'stream') ?? false
  const model = c.engine.modelId
  let started = false
  const g = await runTask(c, prompt, s, idSlot(c.body), (piece, nTokens) => {
    if (!stream) return
    if (!started) startSse(c.res)
    started = true
    sendEvent(c.res, { index: 0, content: piece, tokens: [], stop: false, id_slot: -1, tokens_predicted: nTokens, tokens_evaluated: prompt.length })
  })
  if (g.cancelled) return
  const final: Body = {
    index: 0,
    content: stream ? '' : g.text,
    tokens: [],
    id_slot: g.slotId,
    stop: true,
    model,
    tokens_predicted: g.tokens.length,
    tokens_evaluated: g.nPrompt,
    generation_settings: { n_predict: s.nPredict, temperature: s.temperature, top_k: s.topK, top_p: s.topP, min_p: s.minP, seed: s.seed, stop: s.stop },
    has_new_line: g.text.includes('\n'),
    truncated: false,
    stop_type: g.stopType,
    stopping_word: g.stoppingWord,
    tokens_cached: g.timings.cache_n + g.timings.prompt_n + g.tokens.length,
    timings: g.timings,
  }
  if (!stream) return sendJson(c.res, 200, final)
  if (!started) startSse(c.res)
  sendEvent(c.res, final)
  endSse(c.res, false)
}
