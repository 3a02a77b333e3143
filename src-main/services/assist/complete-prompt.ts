// The /infill request for a ghost-text completion (llama.vscode's shape): the text around the
// cursor cut to a window at line boundaries, recently edited chunks as input_extra, a short
// prediction with a time cap so a slow model still answers while the user waits.

export type InfillInput = { path: string; prefix: string; suffix: string; extra: { filename: string; text: string }[] }
export type InfillRequest = {
  inputPrefix: string
  inputSuffix: string
  inputExtra: { filename: string; text: string }[]
  nPredict: number
  tMaxPromptMs: number
  tMaxPredictMs: number
}

export const PREFIX_CHARS = 4000
export const SUFFIX_CHARS = 1000
/** All extra chunks together: the prompt must stay small enough to be read in a few ms. */
export const EXTRA_CHARS = 8000
export const N_PREDICT = 64
export const T_MAX_PROMPT_MS = 500
export const T_MAX_PREDICT_MS = 500

/** The end of the prefix, at most `max` characters, starting at a line start (the cursor's line is kept whole up to the cursor). */
export function prefixWindow(prefix: string, max = PREFIX_CHARS): string {
  if (prefix.length <= max) return prefix
  const cut = prefix.length - max
  const nl = prefix.indexOf('\n', cut - 1)
  // Only the cursor's line is left: keep its end rather than nothing.
  if (nl === -1 || nl >= prefix.lastIndexOf('\n')) return prefix.slice(cut)
  return prefix.slice(nl + 1)
}

/** The start of the suffix, at most `max` characters, ending at a line end (the cursor's line is kept). */
export function suffixWindow(suffix: string, max = SUFFIX_CHARS): string {
  if (suffix.length <= max) return suffix
  const nl = suffix.lastIndexOf('\n', max)
  if (nl <= suffix.indexOf('\n')) return suffix.slice(0, max)
  return suffix.slice(0, nl + 1)
}

/**
 * The newest chunks that fit `max` characters together, oldest first (the model reads the newest
 * last); a chunk already inside the window around the cursor is left out (it would only repeat it).
 */
export function extraWindow(extra: InfillInput['extra'], window: string, max = EXTRA_CHARS): InfillInput['extra'] {
  const kept: InfillInput['extra'] = []
  let used = 0
  for (let i = extra.length - 1; i >= 0; i--) {
    const chunk = extra[i] as InfillInput['extra'][number]
    if (chunk.text.trim() === '' || window.includes(chunk.text)) continue
    if (used + chunk.text.length > max) break
    used += chunk.text.length
    kept.unshift(chunk)
  }
  return kept
}

export function infillRequest(input: InfillInput): InfillRequest {
  const inputPrefix = prefixWindow(input.prefix)
  const inputSuffix = suffixWindow(input.suffix)
  return {
    inputPrefix,
    inputSuffix,
    inputExtra: extraWindow(input.extra, inputPrefix + inputSuffix),
    nPredict: N_PREDICT,
    tMaxPromptMs: T_MAX_PROMPT_MS,
    tMaxPredictMs: T_MAX_PREDICT_MS,
  }
}

/**
 * What is worth showing: nothing for whitespace alone; the completion's end is cut where it
 * repeats the text after the cursor on the same line (the model often re-types `)` or `end`).
 */
export function cleanCompletion(text: string, suffix: string): string {
  if (text.trim() === '') return ''
  let out = text.replace(/\s+$/, (ws) => (ws.includes('\n') ? '' : ws))
  const rest = (suffix.split('\n', 1)[0] ?? '').trimEnd()
  if (rest !== '' && !out.includes('\n') && out.endsWith(rest)) out = out.slice(0, out.length - rest.length)
  return out.trim() === '' ? '' : out
}
