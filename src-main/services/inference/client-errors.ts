// What can go wrong talking to the model server, as kinds the rest of Kiln can act on, with a
// message a user understands. toKilnError turns them into the router's error codes.
import type { ErrorCode } from '../../../src-preload/contract'
import { KilnError } from '../../router'

export type InferenceErrorKind = 'down' | 'loading' | 'unauthorized' | 'context' | 'timeout' | 'cancelled' | 'bad-response' | 'server'

/** What a streamed request had produced when it was cancelled or failed (see client.ts). */
export type PartialCompletion = { text: string; firstTokenMs: number | null; totalMs: number }

export class InferenceError extends Error {
  override readonly name = 'InferenceError'
  constructor(
    readonly kind: InferenceErrorKind,
    message: string,
    /** The HTTP status when the server answered; null when it never did. */
    readonly status: number | null = null,
    readonly details?: { nPromptTokens?: number; nCtx?: number },
    /** The text streamed before the request was cut off (cancel, timeout, error event). */
    readonly partial?: PartialCompletion,
  ) {
    super(message)
  }

  /** The same error, carrying the text streamed so far. */
  withPartial(partial: PartialCompletion): InferenceError {
    return new InferenceError(this.kind, this.message, this.status, this.details, partial)
  }
}

const CODES: Record<InferenceErrorKind, ErrorCode> = {
  down: 'PROCESS',
  loading: 'PROCESS',
  unauthorized: 'PERMISSION',
  context: 'TOO_LARGE',
  timeout: 'TIMEOUT',
  cancelled: 'CANCELLED',
  'bad-response': 'INTERNAL',
  server: 'INTERNAL',
}

export function toKilnError(e: unknown): KilnError {
  if (e instanceof KilnError) return e
  if (e instanceof InferenceError) return new KilnError(CODES[e.kind], e.message)
  return new KilnError('INTERNAL', e instanceof Error ? e.message : String(e))
}

/** The body llama-server sends with an error status, or in a stream's error event. */
export type ServerErrorBody = { code?: number; message?: string; type?: string; n_prompt_tokens?: number; n_ctx?: number }

/** An HTTP error status (and llama-server's error object, when it sent one) as an InferenceError. */
export function errorFromServer(status: number | null, body: ServerErrorBody | null, fallbackText = ''): InferenceError {
  const code = status ?? body?.code ?? null
  const serverMessage = body?.message ?? (fallbackText.trim().slice(0, 300) || null)
  if (body?.type === 'exceed_context_size_error') {
    const details = { nPromptTokens: body.n_prompt_tokens, nCtx: body.n_ctx }
    const message =
      details.nPromptTokens !== undefined && details.nCtx !== undefined
        ? `the prompt (${details.nPromptTokens} tokens) is larger than the context (${details.nCtx} tokens)`
        : 'the prompt is larger than the context'
    return new InferenceError('context', `${message}: shorten it or start the model with a larger context`, code, details)
  }
  if (code === 503) return new InferenceError('loading', 'the model is still loading: try again in a moment', code)
  if (code === 401 || code === 403 || body?.type === 'authentication_error') {
    return new InferenceError('unauthorized', `the model server refused Kiln's API key (HTTP ${code ?? 401}): restart the server from Kiln`, code)
  }
  const what = serverMessage === null ? 'no reason given' : serverMessage
  return new InferenceError('server', code === null ? `the model server failed: ${what}` : `the model server failed (HTTP ${code}): ${what}`, code)
}

/** A fetch that threw before any answer: nothing listening, or the connection dropped. */
export function errorFromNetwork(e: unknown, baseUrl: string): InferenceError {
  const code = networkCode(e)
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'EADDRNOTAVAIL') {
    return new InferenceError('down', `the model server is not running (nothing answers at ${baseUrl})`)
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return new InferenceError('down', `the model server closed the connection (${baseUrl}): it may have crashed`)
  }
  const message = e instanceof Error ? e.message : String(e)
  return new InferenceError('down', `the model server cannot be reached at ${baseUrl}: ${code ?? message}`)
}

/** undici wraps the socket error: TypeError('fetch failed') with a cause carrying the code. */
function networkCode(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return null
}
