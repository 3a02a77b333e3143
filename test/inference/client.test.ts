// The inference client against a fake llama-server (node:http in this file): streaming split at
// any byte, llama-server's timings and error shapes, cancellation, timeouts and every error path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InferenceClient } from '../../src-main/services/inference/client'
import { InferenceError, toKilnError } from '../../src-main/services/inference/client-errors'
import { SseParser, type SseEvent } from '../../src-main/services/inference/sse'
import type { InferenceTimings } from '../../src-preload/contract'
import { freePort, startEngine, tinyModel, waitFor, type RunningEngine } from './helpers'
import type { ServerResponse } from 'node:http'
import { fakeHttp as fake, type FakeHandler as Handler } from './fake-http'


const TIMINGS = { prompt_n: 12, prompt_ms: 30.5, prompt_per_token_ms: 2.5, prompt_per_second: 393.4, predicted_n: 3, predicted_ms: 40, predicted_per_token_ms: 13.3, predicted_per_second: 75, cache_n: 4 }
const chunk = (o: unknown): string => `data: ${JSON.stringify(o)}\n\n`
const delta = (content: string, finish: string | null = null): string => chunk({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })
const CHAT_STREAM =
  ': keep-alive comment\n\n' +
  delta('héllo') +
  delta(' wörld 🙂') +
  delta('', 'stop') +
  chunk({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 }, timings: TIMINGS }) +
  'data: [DONE]\n\n'

/** Writes `text` as the bytes of several chunks, split at the given byte offsets. */
function writeSplit(res: ServerResponse, text: string, cuts: number[]): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' })
  const bytes = Buffer.from(text)
  let at = 0
  const pieces = [...cuts, bytes.length].map((c) => {
    const p = bytes.subarray(at, c)
    at = c
    return p
  })
  let i = 0
  const next = (): void => {
    if (i === pieces.length) return void res.end()
    res.write(pieces[i++], next)
  }
  next()
}

describe('SSE parser', () => {
  const parseAll = (pieces: (string | Uint8Array)[]): SseEvent[] => {
    const p = new SseParser()
    return [...pieces.flatMap((x) => p.push(x)), ...p.end()]
  }

  it('gives the same events however the bytes are split, with \\r\\n, comments and multi-line data', () => {
    const text = ': ping\r\ndata: {"a":"é🙂"}\r\n\r\nevent: note\r\ndata: line one\r\ndata: line two\r\n\r\nerror: {"code":500}\n\ndata: [DONE]\r\r'
    const whole = parseAll([text])
    expect(whole).toEqual([
      { event: 'message', data: '{"a":"é🙂"}', error: null },
      { event: 'note', data: 'line one\nline two', error: null },
      { event: 'message', data: '', error: '{"code":500}' },
      { event: 'message', data: '[DONE]', error: null },
    ])
    const bytes = Buffer.from(text)
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole)
    }
    expect(parseAll([...bytes].map((b) => Uint8Array.of(b)))).toEqual(whole)
  })

  it('keeps an event whose blank line never came, drops a half line', () => {
    expect(parseAll(['data: {"x":1}\n', 'error: {"message":"boom"}\n'])).toEqual([{ event: 'message', data: '{"x":1}', error: '{"message":"boom"}' }])
    expect(parseAll(['data: {"x":1}\n\ndata: {"y"'])).toEqual([{ event: 'message', data: '{"x":1}', error: null }])
  })
})

describe('streamed chat', () => {
  it('streams text, usage and timings, split at every awkward place', async () => {
    const bytes = Buffer.from(CHAT_STREAM)
    // Inside "data:", inside a multi-byte character (é is 2 bytes, 🙂 is 4), between \n and \n.
    const cuts = [3, CHAT_STREAM.indexOf('é') + 30, bytes.indexOf('🙂') + 2, bytes.indexOf('\n\n', 60) + 1, bytes.length - 3]
    let seen: { auth?: string; body?: Record<string, unknown> } = {}
    const url = await fake((req, res, body) => {
      seen = { auth: req.headers.authorization, body: JSON.parse(body) as Record<string, unknown> }
      writeSplit(res, CHAT_STREAM, cuts.sort((a, b) => a - b))
    })
    const timingsSeen: InferenceTimings[] = []
    const client = new InferenceClient({ baseUrl: url, apiKey: 'k3y', onTimings: (t) => timingsSeen.push(t) })
    const deltas: string[] = []
    const result = await client.chat(
      { messages: [{ role: 'user', content: 'hi' }], maxTokens: 8, temperature: 0, slot: 1, extra: { top_k: 1, stream: false } },
      { onDelta: (d) => deltas.push(d) },
    )
    expect(deltas).toEqual(['héllo', ' wörld 🙂'])
    expect(result).toMatchObject({ text: 'héllo wörld 🙂', finishReason: 'stop', truncated: false, usage: { promptTokens: 12, completionTokens: 3 } })
    const timings = { promptN: 12, promptMs: 30.5, promptPerSecond: 393.4, predictedN: 3, predictedMs: 40, predictedPerSecond: 75, cacheN: 4 }
    expect(result.timings).toEqual(timings)
    expect(timingsSeen).toEqual([timings])
    expect(result.firstTokenMs).toBeGreaterThan(0)
    expect(result.totalMs).toBeGreaterThanOrEqual(result.firstTokenMs!)
    expect(seen.auth).toBe('Bearer k3y')
    expect(seen.body).toEqual({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 8, temperature: 0, id_slot: 1, top_k: 1, stream: true, stream_options: { include_usage: true } })
  })

  it('marks a stream that ends without a finish reason as truncated, keeping the text', async () => {
    const url = await fake((_req, res) => writeSplit(res, delta('partial '), []))
    const result = await new InferenceClient({ baseUrl: url, apiKey: null }).chat({ messages: [{ role: 'user', content: 'x' }] })
    expect(result).toMatchObject({ text: 'partial ', finishReason: null, truncated: true })

    const crash = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(delta('cut '), () => setTimeout(() => res.socket?.destroy(), 20))
    })
    const crashed = await new InferenceClient({ baseUrl: crash, apiKey: null }).chat({ messages: [{ role: 'user', content: 'x' }] })
    expect(crashed).toMatchObject({ text: 'cut ', truncated: true })
  })

  it('cancels mid-stream at once: the server sees the disconnect, the partial text is kept', async () => {
    let serverSawClose: Promise<number> = Promise.resolve(0)
    const url = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(delta('one '))
      const timer = setInterval(() => res.write(delta('more ')), 20)
      serverSawClose = new Promise((r) => res.on('close', () => { clearInterval(timer); r(performance.now()) }))
    })
    const controller = new AbortController()
    const client = new InferenceClient({ baseUrl: url, apiKey: null })
    let abortedAt = 0
    const deltas: string[] = []
    const promise = client.chat({ messages: [{ role: 'user', content: 'x' }] }, {
      signal: controller.signal,
      onDelta: (d) => {
        deltas.push(d)
        if (deltas.length === 3) {
          abortedAt = performance.now()
          controller.abort()
        }
      },
    })
    const error = await promise.then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(InferenceError)
    const e = error as InferenceError
    expect(e.kind).toBe('cancelled')
    expect(e.partial?.text).toBe('one more more ')
    expect(toKilnError(e).code).toBe('CANCELLED')
    expect((await serverSawClose) - abortedAt).toBeLessThan(500)
  })

  it('is cancelled before it starts when the signal already fired', async () => {
    let hits = 0
    const url = await fake((_req, res) => { hits++; res.end() })
    const error = await new InferenceClient({ baseUrl: url, apiKey: null })
      .chat({ messages: [] }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e as InferenceError)
    expect(error).toMatchObject({ kind: 'cancelled' })
    expect(hits).toBe(0)
  })
})

describe('/completion and /infill', () => {
  it('streams /completion and maps stop_type limit to length', async () => {
    let body: Record<string, unknown> = {}
    const url = await fake((_req, res, b) => {
      body = JSON.parse(b) as Record<string, unknown>
      writeSplit(res, chunk({ content: 'fun', stop: false }) + chunk({ content: 'ction', stop: false }) + chunk({ content: '', stop: true, stop_type: 'limit', tokens_evaluated: 5, tokens_predicted: 2, timings: TIMINGS }), [7])
    })
    const r = await new InferenceClient({ baseUrl: url, apiKey: null }).complete('x =', { maxTokens: 2, temperature: 0, cachePrompt: true })
    expect(body).toEqual({ prompt: 'x =', n_predict: 2, temperature: 0, cache_prompt: true, stream: true })
    expect(r).toMatchObject({ text: 'function', finishReason: 'length', usage: { promptTokens: 5, completionTokens: 2 }, truncated: false })
    expect(r.timings?.predictedPerSecond).toBe(75)
  })

  it('sends /infill in the shape llama.vscode sends', async () => {
    let body: Record<string, unknown> = {}
    let path = ''
    const url = await fake((req, res, b) => {
      path = req.url ?? ''
      body = JSON.parse(b) as Record<string, unknown>
      writeSplit(res, chunk({ content: 'end', stop: true, stop_type: 'eos' }), [])
    })
    const r = await new InferenceClient({ baseUrl: url, apiKey: null }).infill({ inputPrefix: 'function f()\n', inputSuffix: '\nend', inputExtra: [{ filename: 'a.jl', text: 'x = 1' }], nPredict: 16, tMaxPredictMs: 500 })
    expect(path).toBe('/infill')
    expect(body).toEqual({ input_prefix: 'function f()\n', input_suffix: '\nend', input_extra: [{ filename: 'a.jl', text: 'x = 1' }], n_predict: 16, t_max_predict_ms: 500, cache_prompt: true, stream: true })
    expect(r).toMatchObject({ text: 'end', finishReason: 'stop' })
  })
})

describe('errors in words', () => {
  const jsonError = (status: number, error: Record<string, unknown>): Handler => (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ error: { code: status, ...error } }))
  }
  const chat = (url: string): Promise<InferenceError> =>
    new InferenceClient({ baseUrl: url, apiKey: 'k' }).chat({ messages: [{ role: 'user', content: 'x' }] }).then(
      () => { throw new Error('expected a failure') },
      (e: unknown) => e as InferenceError,
    )

  it('nothing listening → down', async () => {
    const url = `http://127.0.0.1:${await freePort()}` // nothing listens there
    const client = new InferenceClient({ baseUrl: url, apiKey: null })
    const e = (await client.health().catch((x: unknown) => x)) as InferenceError
    expect(e).toMatchObject({ kind: 'down', status: null })
    expect(e.message).toBe(`the model server is not running (nothing answers at ${url})`)
    expect(toKilnError(e)).toMatchObject({ code: 'PROCESS', message: e.message })
    expect((await chat(url)).kind).toBe('down')
  })

  it('503 while loading: health says loading, a request says so in words', async () => {
    const url = await fake(jsonError(503, { message: 'Loading model', type: 'unavailable_error' }))
    expect(await new InferenceClient({ baseUrl: url, apiKey: null }).health()).toBe('loading')
    const e = await chat(url)
    expect(e).toMatchObject({ kind: 'loading', status: 503, message: 'the model is still loading: try again in a moment' })
    expect(toKilnError(e).code).toBe('PROCESS')
  })

  it('health is ok on 200', async () => {
    const url = await fake((_req, res) => res.end('{"status":"ok"}'))
    expect(await new InferenceClient({ baseUrl: url, apiKey: null }).health()).toBe('ok')
  })

  it('401 → unauthorized (PERMISSION)', async () => {
    const e = await chat(await fake(jsonError(401, { message: 'Invalid API Key', type: 'authentication_error' })))
    expect(e).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(toKilnError(e)).toMatchObject({ code: 'PERMISSION', message: "the model server refused Kiln's API key (HTTP 401): restart the server from Kiln" })
  })

  it('context overflow → context, with the token counts', async () => {
    const e = await chat(await fake(jsonError(400, { message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 9000, n_ctx: 4096 })))
    expect(e).toMatchObject({ kind: 'context', status: 400, details: { nPromptTokens: 9000, nCtx: 4096 } })
    expect(toKilnError(e)).toMatchObject({ code: 'TOO_LARGE', message: 'the prompt (9000 tokens) is larger than the context (4096 tokens): shorten it or start the model with a larger context' })
  })

  it("other statuses → server, with the server's message (JSON or plain text)", async () => {
    const e = await chat(await fake(jsonError(500, { message: 'failed to decode', type: 'server_error' })))
    expect(e).toMatchObject({ kind: 'server', status: 500, message: 'the model server failed (HTTP 500): failed to decode' })
    expect(toKilnError(e).code).toBe('INTERNAL')
    const plain = await chat(await fake((_req, res) => { res.writeHead(404); res.end('File Not Found') }))
    expect(plain).toMatchObject({ kind: 'server', status: 404, message: 'the model server failed (HTTP 404): File Not Found' })
  })

  it('an error event mid-stream (error: and data: {"error"}) fails with the partial text', async () => {
    const legacy = await chat(await fake((_req, res) => writeSplit(res, delta('so far') + 'error: {"code":500,"message":"out of memory","type":"server_error"}\n\n', [5])))
    expect(legacy).toMatchObject({ kind: 'server', message: 'the model server failed (HTTP 500): out of memory', partial: { text: 'so far' } })
    const modern = await chat(await fake((_req, res) => writeSplit(res, delta('a') + chunk({ error: { code: 400, message: 'context full', type: 'exceed_context_size_error', n_prompt_tokens: 300, n_ctx: 256 } }), [])))
    expect(modern).toMatchObject({ kind: 'context', details: { nPromptTokens: 300, nCtx: 256 }, partial: { text: 'a' } })
  })

  it('something that is not JSON → bad-response', async () => {
    const e = await chat(await fake((_req, res) => writeSplit(res, 'data: <html>\n\n', [])))
    expect(e.kind).toBe('bad-response')
    expect(e.message).toMatch(/^the model server sent an answer Kiln cannot read: .*<html>/)
    const props = await new InferenceClient({ baseUrl: await fake((_req, res) => res.end('nope')), apiKey: null }).props().catch((x: unknown) => x as InferenceError)
    expect(props.kind).toBe('bad-response')
  })

  it('first-byte timeout, then idle timeout mid-stream', async () => {
    const silent = await fake(() => undefined)
    const t0 = performance.now()
    const e = await new InferenceClient({ baseUrl: silent, apiKey: null, firstByteTimeoutMs: 150 }).chat({ messages: [] }).catch((x: unknown) => x as InferenceError)
    expect(e).toMatchObject({ kind: 'timeout', message: 'the model server did not start answering within 150 ms' })
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(toKilnError(e).code).toBe('TIMEOUT')

    const stalls = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(delta('begun'))
    })
    const idle = await new InferenceClient({ baseUrl: stalls, apiKey: null, timeoutMs: 150, firstByteTimeoutMs: 5000 }).chat({ messages: [] }).catch((x: unknown) => x as InferenceError)
    expect(idle).toMatchObject({ kind: 'timeout', message: 'the model server stopped sending for 150 ms', partial: { text: 'begun' } })
  })

  it('toKilnError keeps other errors as INTERNAL', () => {
    expect(toKilnError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom' })
  })
})

describe('plain endpoints', () => {
  it('maps /slots, /v1/models, /tokenize and /props', async () => {
    const url = await fake((req, res) => {
      const answers: Record<string, unknown> = {
        '/slots': [{ id: 0, n_ctx: 4096, is_processing: true, n_past: 77 }, { id: 1, n_ctx: 4096, is_processing: false }],
        '/v1/models': { object: 'list', data: [{ id: 'qwen3-coder', object: 'model' }] },
        '/tokenize': { tokens: [1, { id: 42, piece: 'x' }] },
        '/props': { total_slots: 2, default_generation_settings: { n_ctx: 4096 } },
      }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(answers[req.url ?? '']))
    })
    const client = new InferenceClient({ baseUrl: `${url}/`, apiKey: null })
    expect(await client.slots()).toEqual([{ id: 0, processing: true, nCtx: 4096, tokens: 77 }, { id: 1, processing: false, nCtx: 4096, tokens: null }])
    expect(await client.models()).toEqual([{ id: 'qwen3-coder' }])
    expect(await client.tokenize('x')).toEqual([1, 42])
    expect(await client.props()).toMatchObject({ total_slots: 2 })
  })
})

describe('against the real engine (kiln engine on the tiny model)', () => {
  let model: ReturnType<typeof tinyModel>
  let engine: RunningEngine
  let client: InferenceClient
  const timingsSeen: InferenceTimings[] = []

  beforeAll(async () => {
    model = tinyModel()
    engine = await startEngine(model.path, { args: ['--ctx-size', '512', '--threads', '1'] })
    client = new InferenceClient({ baseUrl: engine.base, apiKey: engine.apiKey, onTimings: (t) => timingsSeen.push(t) })
  }, 30_000)
  afterAll(async () => {
    await engine?.stop()
    model?.remove()
  })

  it('streams a chat completion with timings and usage', async () => {
    expect(await client.health()).toBe('ok')
    const deltas: string[] = []
    const r = await client.chat({ messages: [{ role: 'user', content: 'write a function' }], maxTokens: 12, temperature: 0 }, { onDelta: (d) => deltas.push(d) })
    expect(deltas.length).toBeGreaterThan(1)
    expect(r.text).toBe(deltas.join(''))
    expect(r).toMatchObject({ finishReason: expect.stringMatching(/^(stop|length)$/) as string, truncated: false })
    expect(r.usage?.completionTokens).toBeGreaterThan(0)
    expect(r.timings?.predictedN).toBe(r.usage?.completionTokens)
    expect(r.timings?.predictedPerSecond).toBeGreaterThan(0)
    expect(timingsSeen.at(-1)).toEqual(r.timings)
    expect(r.firstTokenMs).toBeGreaterThan(0)
  })

  it('cancels mid-stream: partial text kept, and the engine frees the slot', async () => {
    const controller = new AbortController()
    const deltas: string[] = []
    const error = await client
      .chat({ messages: [{ role: 'user', content: 'write a long function' }], maxTokens: 400, temperature: 0 }, {
        signal: controller.signal,
        onDelta: (d) => {
          deltas.push(d)
          if (deltas.length === 3) controller.abort()
        },
      })
      .then(() => null, (e: unknown) => e as InferenceError)
    expect(error).toMatchObject({ kind: 'cancelled', partial: { text: deltas.join('') } })
    expect(deltas).toHaveLength(3)
    await waitFor('the slot to be free', async () => ((await client.slots()).every((s) => !s.processing) ? true : undefined), 3000)
  })

  it('a wrong key is refused in words', async () => {
    const e = await new InferenceClient({ baseUrl: engine.base, apiKey: 'wrong' }).models().catch((x: unknown) => x as InferenceError)
    expect(e).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(await client.models()).toHaveLength(1)
  })
})
