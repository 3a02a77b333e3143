// The one client Kiln's main process uses to talk to the model server (llama-server or the embedded
// engine, which speak the same API): streamed completions with cancellation and timeouts, and
// errors in words (see client-errors.ts).
import type { InferenceSlot, InferenceTimings } from '../../../src-preload/contract'
import { errorFromNetwork, errorFromServer, InferenceError, type PartialCompletion, type ServerErrorBody } from './client-errors'
import { SseParser, type SseEvent } from './sse'

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string }
export type ChatRequest = {
  messages: ChatMessage[]
  maxTokens?: number
  temperature?: number
  stop?: string[]
  cachePrompt?: boolean
  slot?: number
  /** More request fields, passed as they are (top_p, seed…); never overrides the ones above. */
  extra?: Record<string, unknown>
}
export type StreamHandlers = { onDelta?: (text: string) => void; signal?: AbortSignal }
export type CompletionResult = {
  text: string
  /** OpenAI's words: 'stop' (end of text or a stop string), 'length' (the token limit); null when cut off. */
  finishReason: string | null
  timings: InferenceTimings | null
  usage: { promptTokens: number; completionTokens: number } | null
  /** From sending the request to the first non-empty piece of text. */
  firstTokenMs: number | null
  totalMs: number
  /** The stream ended without a finish reason or [DONE]: the server went away mid-answer. */
  truncated: boolean
}

export type InferenceClientOptions = {
  baseUrl: string
  apiKey: string | null
  /** A plain request's whole time, and the longest silence in a stream once it has begun. */
  timeoutMs?: number
  /** From sending a streamed request to its first bytes: covers reading a long prompt. */
  firstByteTimeoutMs?: number
  onTimings?: (t: InferenceTimings) => void
  fetch?: typeof fetch
}

const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 120_000

/** One streamed chunk, whatever the endpoint's shape. */
type Step = { delta: string; finishReason: string | null; timings: InferenceTimings | null; usage: CompletionResult['usage'] }
type Json = Record<string, unknown>

export class InferenceClient {
  private readonly baseUrl: string
  private readonly fetch: typeof fetch
  private readonly timeoutMs: number
  private readonly firstByteTimeoutMs: number

  constructor(private readonly opts: InferenceClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '')
    this.fetch = opts.fetch ?? globalThis.fetch
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.firstByteTimeoutMs = opts.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS
  }

  async health(signal?: AbortSignal): Promise<'ok' | 'loading'> {
    const control = new RequestControl(signal)
    try {
      control.arm(this.timeoutMs, `the model server did not answer /health within ${seconds(this.timeoutMs)}`)
      const res = await this.send('GET', '/health', undefined, control)
      if (res.status === 503) {
        await res.body?.cancel()
        return 'loading'
      }
      if (res.ok) {
        await res.body?.cancel()
        return 'ok'
      }
      throw await errorFromResponse(res)
    } catch (e) {
      throw control.reason ?? e
    } finally {
      control.dispose()
    }
  }

  async props(): Promise<Record<string, unknown>> {
    return this.object('GET', '/props')
  }

  async slots(): Promise<InferenceSlot[]> {
    const body = await this.json('GET', '/slots')
    if (!Array.isArray(body)) throw badResponse('/slots did not answer a list')
    return body.filter(isObject).map(toSlot)
  }

  async models(): Promise<{ id: string }[]> {
    const body = await this.object('GET', '/v1/models')
    const data = body.data
    if (!Array.isArray(data)) throw badResponse('/v1/models has no data list')
    return data.filter(isObject).flatMap((m) => (typeof m.id === 'string' ? [{ id: m.id }] : []))
  }

  async tokenize(text: string): Promise<number[]> {
    const body = await this.object('POST', '/tokenize', { content: text })
    if (!Array.isArray(body.tokens)) throw badResponse('/tokenize has no token list')
    // with_pieces answers [{id, piece}]; plain answers [id].
    return body.tokens.map((t: unknown) => (typeof t === 'number' ? t : isObject(t) && typeof t.id === 'number' ? t.id : NaN)).filter((t) => !Number.isNaN(t))
  }

  chat(req: ChatRequest, h?: StreamHandlers): Promise<CompletionResult> {
    const body: Json = {
      ...req.extra,
      ...defined({ max_tokens: req.maxTokens, temperature: req.temperature, stop: req.stop, cache_prompt: req.cachePrompt, id_slot: req.slot }),
      messages: req.messages,
      stream: true,
      stream_options: { include_usage: true },
    }
    return this.stream('/v1/chat/completions', body, chatStep, h)
  }

  complete(prompt: string, opts: { maxTokens?: number; temperature?: number; cachePrompt?: boolean }, h?: StreamHandlers): Promise<CompletionResult> {
    const body: Json = { prompt, ...defined({ n_predict: opts.maxTokens, temperature: opts.temperature, cache_prompt: opts.cachePrompt }), stream: true }
    return this.stream('/completion', body, completionStep, h)
  }

  infill(
    req: { inputPrefix: string; inputSuffix: string; inputExtra?: { filename: string; text: string }[]; nPredict?: number; tMaxPromptMs?: number; tMaxPredictMs?: number },
    h?: StreamHandlers,
  ): Promise<CompletionResult> {
    const body: Json = {
      input_prefix: req.inputPrefix,
      input_suffix: req.inputSuffix,
      input_extra: req.inputExtra ?? [],
      ...defined({ n_predict: req.nPredict, t_max_prompt_ms: req.tMaxPromptMs, t_max_predict_ms: req.tMaxPredictMs }),
      cache_prompt: true,
      stream: true,
    }
    return this.stream('/infill', body, completionStep, h)
  }

  // ----- plumbing

  private async send(method: 'GET' | 'POST', path: string, body: Json | undefined, control: RequestControl): Promise<Response> {
    const headers: Record<string, string> = { Accept: body === undefined ? 'application/json' : 'application/json, text/event-stream' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.opts.apiKey !== null) headers.Authorization = `Bearer ${this.opts.apiKey}`
    if (control.reason !== null) throw control.reason
    try {
      return await this.fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: control.signal })
    } catch (e) {
      throw control.reason ?? errorFromNetwork(e, this.baseUrl)
    }
  }

  private async object(method: 'GET' | 'POST', path: string, body?: Json): Promise<Json> {
    const parsed = await this.json(method, path, body)
    if (!isObject(parsed)) throw badResponse(`${path} did not answer a JSON object`)
    return parsed
  }

  private async json(method: 'GET' | 'POST', path: string, body?: Json): Promise<unknown> {
    const control = new RequestControl(undefined)
    try {
      control.arm(this.timeoutMs, `the model server did not answer ${path} within ${seconds(this.timeoutMs)}`)
      const res = await this.send(method, path, body, control)
      if (!res.ok) throw await errorFromResponse(res)
      const text = await res.text()
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw badResponse(`${path} did not answer JSON: ${text.slice(0, 120)}`)
      }
      return parsed
    } catch (e) {
      throw control.reason ?? e
    } finally {
      control.dispose()
    }
  }

  private async stream(path: string, body: Json, step: (chunk: Json) => Step, h: StreamHandlers | undefined): Promise<CompletionResult> {
    const t0 = performance.now()
    const control = new RequestControl(h?.signal)
    let text = ''
    let firstTokenMs: number | null = null
    const partial = (): PartialCompletion => ({ text, firstTokenMs, totalMs: performance.now() - t0 })
    let finishReason: string | null = null
    let timings: InferenceTimings | null = null
    let usage: CompletionResult['usage'] = null
    let done = false
    let truncated = false

    const handle = (ev: SseEvent): void => {
      if (ev.error !== null) throw errorFromEvent(ev.error)
      if (ev.data === '[DONE]') {
        done = true
        return
      }
      let chunk: unknown
      try {
        chunk = JSON.parse(ev.data)
      } catch {
        throw badResponse(`${path} streamed something that is not JSON: ${ev.data.slice(0, 120)}`)
      }
      if (!isObject(chunk)) throw badResponse(`${path} streamed something that is not a JSON object`)
      if (isObject(chunk.error)) throw errorFromServer(num(chunk.error.code), chunk.error as ServerErrorBody)
      const s = step(chunk)
      if (s.delta !== '') {
        if (firstTokenMs === null) firstTokenMs = performance.now() - t0
        text += s.delta
        h?.onDelta?.(s.delta)
      }
      finishReason = s.finishReason ?? finishReason
      timings = s.timings ?? timings
      usage = s.usage ?? usage
    }

    try {
      control.arm(this.firstByteTimeoutMs, `the model server did not start answering within ${seconds(this.firstByteTimeoutMs)}`)
      const res = await this.send('POST', path, body, control)
      if (!res.ok) throw await errorFromResponse(res)
      if (res.body === null) throw badResponse(`${path} answered with no body`)
      const reader = res.body.getReader()
      const parser = new SseParser()
      let ended = false
      try {
        while (!done) {
          let read: ReadableStreamReadResult<Uint8Array>
          try {
            read = await reader.read()
          } catch {
            if (control.reason !== null) throw control.reason
            // The connection dropped mid-answer (the server crashed or was stopped): keep what came.
            truncated = true
            ended = true
            break
          }
          if (read.done) {
            ended = true
            break
          }
          control.arm(this.timeoutMs, `the model server stopped sending for ${seconds(this.timeoutMs)}`)
          for (const ev of parser.push(read.value)) if (!done) handle(ev)
        }
        if (!done) for (const ev of parser.end()) if (!done) handle(ev)
      } finally {
        // Stopped reading early ([DONE], an error event, cancel): close the connection so the server stops.
        if (!ended) void reader.cancel().catch(() => undefined)
      }
    } catch (e) {
      const error = control.reason ?? e
      throw error instanceof InferenceError ? error.withPartial(partial()) : error
    } finally {
      control.dispose()
    }
    if (timings !== null) this.opts.onTimings?.(timings)
    return { text, finishReason, timings, usage, firstTokenMs, totalMs: performance.now() - t0, truncated: truncated || (finishReason === null && !done) }
  }
}

/**
 * One request's abort controller, tied to the caller's signal and to a timer that can be re-armed
 * (first byte, then idle between chunks). `reason` says why it was aborted.
 */
class RequestControl {
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | null = null
  reason: InferenceError | null = null
  private readonly onAbort = (): void => this.abort(new InferenceError('cancelled', 'cancelled'))

  constructor(private readonly user: AbortSignal | undefined) {
    if (user?.aborted === true) this.abort(new InferenceError('cancelled', 'cancelled'))
    else user?.addEventListener('abort', this.onAbort, { once: true })
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  arm(ms: number, message: string): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.abort(new InferenceError('timeout', message)), ms)
  }

  private abort(reason: InferenceError): void {
    if (this.reason !== null) return
    this.reason = reason
    this.controller.abort()
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.user?.removeEventListener('abort', this.onAbort)
  }
}

// ----- llama-server's shapes

function chatStep(c: Json): Step {
  const choice = Array.isArray(c.choices) && isObject(c.choices[0]) ? c.choices[0] : null
  const delta = choice !== null && isObject(choice.delta) && typeof choice.delta.content === 'string' ? choice.delta.content : ''
  const finishReason = choice !== null && typeof choice.finish_reason === 'string' ? choice.finish_reason : null
  const u = isObject(c.usage) ? c.usage : null
  const usage = u !== null && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number' ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens } : null
  return { delta, finishReason, timings: toTimings(c.timings), usage }
}

/** /completion and /infill: `{content, stop}`, the last chunk with stop_type and counts. */
function completionStep(c: Json): Step {
  const delta = typeof c.content === 'string' ? c.content : ''
  if (c.stop !== true) return { delta, finishReason: null, timings: toTimings(c.timings), usage: null }
  const limited = c.stop_type === 'limit' || c.stopped_limit === true
  const promptTokens = num(c.tokens_evaluated)
  const completionTokens = num(c.tokens_predicted)
  const usage = promptTokens !== null && completionTokens !== null ? { promptTokens, completionTokens } : null
  return { delta, finishReason: limited ? 'length' : 'stop', timings: toTimings(c.timings), usage }
}

export function toTimings(t: unknown): InferenceTimings | null {
  if (!isObject(t) || (num(t.predicted_n) === null && num(t.prompt_n) === null)) return null
  return {
    promptN: num(t.prompt_n) ?? 0,
    promptMs: num(t.prompt_ms) ?? 0,
    promptPerSecond: num(t.prompt_per_second) ?? 0,
    predictedN: num(t.predicted_n) ?? 0,
    predictedMs: num(t.predicted_ms) ?? 0,
    predictedPerSecond: num(t.predicted_per_second) ?? 0,
    cacheN: num(t.cache_n) ?? 0,
  }
}

function toSlot(s: Json): InferenceSlot {
  // llama-server: is_processing (older builds: state 0 idle / 1 busy); the tokens held, where told.
  const processing = typeof s.is_processing === 'boolean' ? s.is_processing : s.state === 1
  return { id: num(s.id) ?? 0, processing, nCtx: num(s.n_ctx) ?? 0, tokens: num(s.n_past) ?? num(s.n_tokens) ?? null }
}

async function errorFromResponse(res: Response): Promise<InferenceError> {
  const text = await res.text().catch(() => '')
  let body: ServerErrorBody | null = null
  try {
    const parsed: unknown = JSON.parse(text)
    if (isObject(parsed)) body = (isObject(parsed.error) ? parsed.error : typeof parsed.message === 'string' ? parsed : null) as ServerErrorBody | null
  } catch {
    // Not JSON: the text itself is the message.
  }
  return errorFromServer(res.status, body, text)
}

function errorFromEvent(raw: string): InferenceError {
  try {
    const parsed: unknown = JSON.parse(raw)
    if (isObject(parsed)) {
      const body = (isObject(parsed.error) ? parsed.error : parsed) as ServerErrorBody
      return errorFromServer(num(body.code), body)
    }
  } catch {
    // fall through: the raw text is the message
  }
  return errorFromServer(null, null, raw)
}

const badResponse = (what: string): InferenceError => new InferenceError('bad-response', `the model server sent an answer Kiln cannot read: ${what}`)
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const seconds = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`)
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
