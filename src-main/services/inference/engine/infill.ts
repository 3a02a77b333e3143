// POST /infill: the request llama.vscode sends (input_prefix, input_suffix, input_extra of
// {filename, text}, prompt: text typed since the request began, n_predict, t_max_prompt_ms,
// t_max_predict_ms, cache_prompt). The prompt is built from the model's fill-in-the-middle tokens:
//   [BOS] <extra chunks> FIM_PRE prefix prompt FIM_SUF suffix FIM_MID
// where each extra chunk is a file separator line and its text; the prefix keeps its end and the
// suffix its start when they must be cut to fit the slot (prefix:suffix about 3:1, as llama-server).
// A model without FIM tokens is answered 501 not_supported_error, as llama-server answers.
import { ApiError, badRequest } from './errors'
import { respondNative } from './completion'
import { num, str } from './params'
import type { Ctx } from './task'
import type { Token } from './nlc'

type Extra = { filename: string; text: string }

function extras(v: unknown): Extra[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw badRequest("'input_extra' must be an array of {filename, text}")
  return v.map((chunk, i) => {
    if (typeof chunk !== 'object' || chunk === null) throw badRequest(`input_extra[${i}] must be an object`)
    const { filename, text } = chunk as Record<string, unknown>
    if (text !== undefined && typeof text !== 'string') throw badRequest(`input_extra[${i}].text must be a string`)
    if (filename !== undefined && typeof filename !== 'string') throw badRequest(`input_extra[${i}].filename must be a string`)
    return { filename: filename ?? 'tmp', text: text ?? '' }
  })
}

export async function infill(c: Ctx): Promise<void> {
  const e = c.engine
  const fim = e.model.tokens.infill
  const missing = [fim.prefix === null && 'prefix', fim.suffix === null && 'suffix', fim.middle === null && 'middle'].filter(Boolean)
  if (missing.length || fim.prefix === null || fim.suffix === null || fim.middle === null)
    throw new ApiError('not_supported_error', `Infill is not supported by this model: ${missing.join(', ')} token${missing.length > 1 ? 's are' : ' is'} missing.`)

  const tok = (s: string): Token[] => (s ? e.tokenize(s, false) : [])
  const prefix = tok(str(c.body, 'input_prefix') ?? '')
  const suffix = tok(str(c.body, 'input_suffix') ?? '')
  const typed = tok(str(c.body, 'prompt') ?? '')
  const extra: Token[] = []
  for (const x of extras(c.body.input_extra)) extra.push(...tok(`\n--- ${x.filename} ---\n`), ...tok(x.text))

  // Budget: room for n_predict, then prefix and suffix, then as much of the extra context as fits.
  const nPredict = Math.trunc(num(c.body, 'n_predict') ?? -1)
  const room = e.nCtxSlot - 4 - typed.length - (nPredict > 0 ? nPredict : Math.floor(e.nCtxSlot / 4))
  const prefixTake = Math.min(prefix.length, Math.max(0, Math.floor((room * 3) / 4)))
  const suffixTake = Math.min(suffix.length, Math.max(0, room - prefixTake))
  const extraTake = Math.min(extra.length, Math.max(0, room - prefixTake - suffixTake))

  const tokens = e.withBos([
    ...extra.slice(extra.length - extraTake),
    fim.prefix,
    ...prefix.slice(prefix.length - prefixTake),
    ...typed,
    fim.suffix,
    ...suffix.slice(0, suffixTake),
    fim.middle,
  ])
  await respondNative(c, tokens)
}
