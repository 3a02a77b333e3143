// Request bodies to sampling settings, with llama-server's defaults and names (the OpenAI names
// max_tokens / max_completion_tokens are aliases of n_predict). A wrong type is a 400.
import { badRequest } from './errors'
import { DEFAULT_SAMPLING, type Sampling } from './generate'

export type Body = Record<string, unknown>

export function asBody(v: unknown): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('the request body must be a JSON object')
  return v as Body
}

export function num(b: Body, key: string): number | undefined {
  const v = b[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`'${key}' must be a number`)
  return v
}

export function bool(b: Body, key: string): boolean | undefined {
  const v = b[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'boolean') throw badRequest(`'${key}' must be a boolean`)
  return v
}

export function str(b: Body, key: string): string | undefined {
  const v = b[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw badRequest(`'${key}' must be a string`)
  return v
}

function stops(v: unknown): string[] {
  if (v === undefined || v === null) return []
  if (typeof v === 'string') return v ? [v] : []
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return (v as string[]).filter((s) => s !== '')
  throw badRequest("'stop' must be a string or an array of strings")
}

export function sampling(b: Body, extraStops: readonly string[] = []): Sampling {
  const d = DEFAULT_SAMPLING
  const nPredict = num(b, 'n_predict') ?? num(b, 'max_completion_tokens') ?? num(b, 'max_tokens') ?? d.nPredict
  return {
    nPredict: Math.trunc(nPredict),
    temperature: Math.max(0, num(b, 'temperature') ?? d.temperature),
    topK: Math.trunc(num(b, 'top_k') ?? d.topK),
    topP: num(b, 'top_p') ?? d.topP,
    minP: num(b, 'min_p') ?? d.minP,
    seed: Math.trunc(num(b, 'seed') ?? d.seed),
    stop: [...stops(b.stop), ...extraStops],
    cachePrompt: bool(b, 'cache_prompt') ?? d.cachePrompt,
    ignoreEos: bool(b, 'ignore_eos') ?? d.ignoreEos,
    tMaxPredictMs: Math.max(0, num(b, 't_max_predict_ms') ?? d.tMaxPredictMs),
  }
}

export const idSlot = (b: Body): number => Math.trunc(num(b, 'id_slot') ?? -1)
