// The argument vectors for the two engines, built from the inference.* settings. Kiln always
// chooses the host, port and API key itself (the server must listen on 127.0.0.1 only, behind a
// key only the main process knows), so extra arguments that try to set them are refused.
import { KilnError } from '../../router'

/** What a server start is made of: the inference.* settings plus the model chosen. */
export type ServerSettings = {
  model: string
  contextSize: number
  gpuLayers: number
  flashAttention: 'auto' | 'on' | 'off'
  parallel: number
  threads: number
  cacheReuse: number
  lora: string
  extraArgs: string
}

export type Listen = { host: string; port: number; apiKey: string }

export const LOOPBACK = '127.0.0.1'
/** llama-server's "all layers": more than any model has. */
export const ALL_LAYERS = 999

/** Flags Kiln owns, in every spelling llama-server accepts (it has no short forms for them), also as `--flag=value`. */
const RESERVED = ['--host', '--port', '--api-key', '--api-key-file']

/**
 * Splits the extraArgs setting like a shell would split words, without any shell: spaces separate,
 * single or double quotes group (`--alias "my model"`), a backslash escapes the next character
 * outside single quotes. An unclosed quote is an error naming the setting.
 */
export function splitArgs(text: string, setting = 'inference.extraArgs'): string[] {
  const out: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | null = null
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === quote) quote = null
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[++i]
      else word += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      inWord = true
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i]
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(word)
      word = ''
      inWord = false
    } else {
      word += ch
      inWord = true
    }
  }
  if (quote) throw new KilnError('INVALID_SETTING', `${setting} has an unclosed ${quote} quote: ${text.slice(0, 200)}`)
  if (inWord) out.push(word)
  return out
}

/** Throws when extra arguments set what Kiln owns. */
export function checkExtraArgs(args: readonly string[], setting = 'inference.extraArgs'): void {
  for (const arg of args) {
    const flag = arg.split('=', 1)[0]!
    if (RESERVED.includes(flag)) {
      throw new KilnError(
        'INVALID_SETTING',
        `${setting} sets ${flag}, which Kiln sets itself (the server listens on 127.0.0.1, on a free port, with a key only Kiln knows): remove ${flag} from the ${setting} setting`,
      )
    }
  }
}

/** `llama-server` with Kiln's settings: always --host 127.0.0.1, the chosen port and key, --metrics. */
export function llamaServerArgs(s: ServerSettings, listen: Listen): string[] {
  const extra = splitArgs(s.extraArgs)
  checkExtraArgs(extra)
  const args = ['-m', s.model, '-c', String(s.contextSize), '-ngl', String(s.gpuLayers < 0 ? ALL_LAYERS : s.gpuLayers)]
  args.push('-fa', s.flashAttention, '-np', String(s.parallel), '--cache-reuse', String(s.cacheReuse))
  if (s.lora.trim() !== '') args.push('--lora', s.lora)
  if (s.threads > 0) args.push('-t', String(s.threads))
  args.push('--metrics', '--host', listen.host, '--port', String(listen.port), '--api-key', listen.apiKey)
  return [...args, ...extra]
}

/**
 * `kiln engine` with Kiln's settings. It has no flash attention, cache reuse, LoRA or extra
 * arguments (those are llama-server's); -1 layers means as many as fit, 0 the CPU only.
 */
export function embeddedArgs(s: ServerSettings, listen: Listen): string[] {
  const args = ['--model', s.model, '--host', listen.host, '--port', String(listen.port), '--api-key', listen.apiKey]
  args.push('--ctx-size', String(s.contextSize), '--n-gpu-layers', String(s.gpuLayers), '--gpu', s.gpuLayers === 0 ? 'off' : 'auto')
  args.push('--parallel', String(s.parallel))
  if (s.threads > 0) args.push('--threads', String(s.threads))
  return args
}

/** The command line as shown to the user: the key replaced by `***`. */
export function redactKey(argv: readonly string[], apiKey: string): string[] {
  return argv.map((a) => (apiKey !== '' && a.includes(apiKey) ? a.split(apiKey).join('***') : a))
}
