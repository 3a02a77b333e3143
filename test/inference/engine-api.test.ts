// `kiln engine` (the built CLI) serving the tiny model: the official openai client for chat,
// raw HTTP for llama-server's own endpoints, the prompt cache, context overflow, cancellation.
import OpenAI, { AuthenticationError } from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { get, post, startEngine, tinyModel, waitFor, type RunningEngine } from './helpers'

let model: ReturnType<typeof tinyModel>
let engine: RunningEngine
let client: OpenAI

beforeAll(async () => {
  model = tinyModel()
  engine = await startEngine(model.path, { args: ['--ctx-size', '512', '--parallel', '2', '--alias', 'tiny'] })
  client = new OpenAI({ baseURL: `${engine.base}/v1`, apiKey: engine.apiKey, maxRetries: 0 })
}, 30_000)

afterAll(async () => {
  expect(await engine?.stop()).toBe(0)
  model?.remove()
})

type Timings = { cache_n: number; prompt_n: number; predicted_n: number; predicted_per_second: number; prompt_ms: number }
const timingsOf = (x: object): Timings => (x as { timings: Timings }).timings

async function metrics(): Promise<Map<string, number>> {
  const { status, text } = await get(engine, '/metrics')
  expect(status).toBe(200)
  const m = new Map<string, number>()
  for (const line of text.split('\n')) {
    const hit = /^(llamacpp:\w+) (\S+)$/.exec(line)
    if (hit) m.set(hit[1] as string, Number(hit[2]))
  }
  expect(text).toMatch(/^# TYPE llamacpp:prompt_tokens_total counter$/m)
  return m
}

/** Reads an SSE body into its parsed `data:` events (and whether [DONE] came). */
async function sse(res: Response): Promise<{ events: Record<string, unknown>[]; done: boolean }> {
  const text = await res.text()
  const events: Record<string, unknown>[] = []
  let done = false
  for (const block of text.split('\n\n')) {
    if (!block.startsWith('data: ')) continue
    const data = block.slice(6)
    if (data === '[DONE]') done = true
    else events.push(JSON.parse(data) as Record<string, unknown>)
  }
  return { events, done }
}

describe('chat through the openai client', () => {
  it('streams a chat completion: several chunks of text, then usage and timings', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'Write a function.' }],
      max_tokens: 12,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    let contentChunks = 0
    let finish: string | null = null
    let last: object | null = null
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content
      if (delta) {
        text += delta
        contentChunks++
      }
      finish = chunk.choices[0]?.finish_reason ?? finish
      last = chunk
    }
    expect(contentChunks).toBeGreaterThan(3)
    expect(text).toMatch(/^[\x20-\x7e\n]+$/) // the tiny model is shaped to print readable text
    expect(finish).toBe('length')
    const final = last as { usage: { completion_tokens: number; prompt_tokens: number } }
    expect(final.usage.completion_tokens).toBe(12)
    expect(final.usage.prompt_tokens).toBeGreaterThan(5)
    expect(timingsOf(final).predicted_n).toBe(12)
    expect(timingsOf(final).predicted_per_second).toBeGreaterThan(0)
  })

  it('without stream_options.include_usage, puts timings on the finish chunk and sends no usage', async () => {
    const res = await fetch(`${engine.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${engine.apiKey}` },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, stream: true }),
    })
    const { events, done } = await sse(res)
    expect(done).toBe(true)
    expect(events.some((e) => 'usage' in e)).toBe(false)
    const last = events.at(-1) as { choices: { finish_reason: string }[] }
    expect(last.choices[0]?.finish_reason).toBe('length')
    expect(timingsOf(last).predicted_n).toBe(4)
  })

  it('answers a chat completion in one JSON, greedy output repeatable, and a second turn reuses the cache', async () => {
    const messages = [
      { role: 'system' as const, content: 'You write Julia.' },
      { role: 'user' as const, content: 'Say something.' },
    ]
    const a = await client.chat.completions.create({ model: 'tiny', messages, max_tokens: 10, temperature: 0 })
    const reply = a.choices[0]?.message.content ?? ''
    expect(reply.length).toBeGreaterThan(0)
    expect(a.usage?.completion_tokens).toBe(10)
    expect(a.choices[0]?.finish_reason).toBe('length')
    expect(a.model).toBe('tiny')

    const turn2 = await client.chat.completions.create({
      model: 'tiny',
      messages: [...messages, { role: 'assistant', content: reply }, { role: 'user', content: 'More.' }],
      max_tokens: 5,
      temperature: 0,
    })
    const t = timingsOf(turn2)
    expect(t.cache_n).toBeGreaterThan(10)
    expect(t.prompt_n).toBeLessThan(turn2.usage?.prompt_tokens ?? 0)

    const again = await client.chat.completions.create({ model: 'tiny', messages, max_tokens: 10, temperature: 0 })
    expect(again.choices[0]?.message.content).toBe(reply)
  })

  it('refuses a wrong API key with 401 on every endpoint but /health', async () => {
    const bad = new OpenAI({ baseURL: `${engine.base}/v1`, apiKey: 'wrong', maxRetries: 0 })
    await expect(bad.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(AuthenticationError)
    await expect(bad.models.list()).rejects.toBeInstanceOf(AuthenticationError)
    const raw = await fetch(`${engine.base}/props`)
    expect(raw.status).toBe(401)
    expect(await raw.json()).toEqual({ error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } })
    const health = await fetch(`${engine.base}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
  })

  it('lists the model with its metadata', async () => {
    const list = await client.models.list()
    expect(list.data).toHaveLength(1)
    expect(list.data[0]).toMatchObject({ id: 'tiny', object: 'model', owned_by: 'kiln', meta: { n_ctx_train: 256, n_params: 110_272, n_vocab: 283 } })
  })
})

describe("llama-server's own endpoints", () => {
  it('/props and /slots describe the slots', async () => {
    const props = JSON.parse((await get(engine, '/props')).text) as Record<string, unknown>
    expect(props).toMatchObject({ total_slots: 2, model_path: model.path, default_generation_settings: { n_ctx: 256 } })
    expect(props.chat_template).toMatch(/add_generation_prompt/)
    expect(props.build_info).toMatch(/kiln-engine/)
    const slots = JSON.parse((await get(engine, '/slots')).text) as { id: number; n_ctx: number; is_processing: boolean }[]
    expect(slots.map((s) => [s.id, s.n_ctx, s.is_processing])).toEqual([[0, 256, false], [1, 256, false]])
  })

  it('/metrics counters grow after a request', async () => {
    const before = await metrics()
    const r = await post(engine, '/completion', { prompt: 'the end', n_predict: 6, temperature: 0, cache_prompt: false })
    expect(r.status).toBe(200)
    const after = await metrics()
    expect((after.get('llamacpp:tokens_predicted_total') ?? 0) - (before.get('llamacpp:tokens_predicted_total') ?? 0)).toBe(6)
    expect(after.get('llamacpp:prompt_tokens_total')).toBeGreaterThan(before.get('llamacpp:prompt_tokens_total') ?? 0)
    expect(after.get('llamacpp:predicted_tokens_seconds')).toBeGreaterThan(0)
    expect(after.get('llamacpp:requests_processing')).toBe(0)
    expect(after.has('llamacpp:requests_deferred')).toBe(true)
    expect(after.has('llamacpp:prompt_tokens_seconds')).toBe(true)
  })

  it('/tokenize and /detokenize round-trip text, pieces included', async () => {
    const content = 'function f(x) return x end'
    const t = await post(engine, '/tokenize', { content })
    const tokens = t.json.tokens as number[]
    expect(tokens.length).toBeGreaterThan(3)
    expect(tokens).not.toContain(1) // no BOS unless add_special
    expect((await post(engine, '/tokenize', { content, add_special: true })).json.tokens).toEqual([1, ...tokens])
    const d = await post(engine, '/detokenize', { tokens })
    expect((d.json.content as string).trim()).toBe(content)
    const pieces = (await post(engine, '/tokenize', { content, with_pieces: true })).json.tokens as { id: number; piece: string }[]
    expect(pieces.map((p) => p.id)).toEqual(tokens)
    expect(pieces.map((p) => p.piece).join('').replace(/^ /, '')).toBe(content)
    expect((await post(engine, '/detokenize', { tokens: ['x'] })).status).toBe(400)
  })

  it('/completion answers in llama-server shape, honours stop strings, and streams', async () => {
    const body = { prompt: 'the function', n_predict: 16, temperature: 0 }
    const full = await post(engine, '/completion', body)
    expect(full.status).toBe(200)
    expect(full.json).toMatchObject({ stop: true, stop_type: 'limit', tokens_predicted: 16 })
    const content = full.json.content as string
    expect(content.length).toBeGreaterThan(0)

    const stop = content.slice(3, 5)
    const stopped = await post(engine, '/completion', { ...body, stop: [stop] })
    expect(stopped.json).toMatchObject({ stop_type: 'word', stopping_word: stop, content: content.slice(0, content.indexOf(stop)) })

    const res = await fetch(`${engine.base}/completion`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${engine.apiKey}` },
      body: JSON.stringify({ ...body, stream: true }),
    })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const { events, done } = await sse(res)
    expect(done).toBe(false) // /completion ends without [DONE], as llama-server's does
    const pieces = events.filter((e) => e.stop === false)
    expect(pieces.length).toBeGreaterThan(3)
    expect(pieces.map((e) => e.content).join('')).toBe(content)
    expect(events.at(-1)).toMatchObject({ stop: true, stop_type: 'limit', tokens_predicted: 16 })
    expect(timingsOf(events.at(-1) as object).predicted_n).toBe(16)
  })

  it('/infill answers the request llama.vscode sends', async () => {
    const r = await post(engine, '/infill', {
      id_slot: 0,
      input_prefix: 'function add(a, b)\n    ',
      input_suffix: '\nend\n',
      input_extra: [{ filename: 'src/util.jl', text: 'mul(a, b) = a * b\n' }],
      prompt: 're',
      n_predict: 8,
      top_k: 40,
      top_p: 0.99,
      stream: false,
      samplers: ['top_k', 'top_p', 'infill'],
      cache_prompt: true,
      t_max_prompt_ms: 500,
      t_max_predict_ms: 1000,
      response_fields: ['content', 'timings/prompt_n', 'timings/predicted_n'],
    })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ stop: true, tokens_predicted: 8, id_slot: 0 })
    expect(typeof r.json.content).toBe('string')
    expect(timingsOf(r.json).prompt_n).toBeGreaterThan(20)
    const bad = await post(engine, '/infill', { input_prefix: 'x', input_extra: 'nope' })
    expect(bad.status).toBe(400)
  })

  it('a prompt longer than the slot context is a 400 exceed_context_size_error', async () => {
    const r = await post(engine, '/completion', { prompt: 'hello '.repeat(200), n_predict: 4 })
    expect(r.status).toBe(400)
    expect(r.json.error).toMatchObject({
      code: 400,
      type: 'exceed_context_size_error',
      message: 'the request exceeds the available context size, try increasing it',
      n_ctx: 256,
    })
    expect((r.json.error as { n_prompt_tokens: number }).n_prompt_tokens).toBeGreaterThan(256)
    await expect(
      client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'hello '.repeat(200) }], stream: true }),
    ).rejects.toMatchObject({ status: 400 })
  })

  it('serves three requests at once on its two slots', async () => {
    const one = (prompt: string) => post(engine, '/completion', { prompt, n_predict: 30, temperature: 0, cache_prompt: false })
    const results = await Promise.all([one('a'), one('the'), one('end')])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(new Set(results.map((r) => r.json.id_slot))).toEqual(new Set([0, 1]))
  })

  it('aborting a stream frees its slot at once', async () => {
    const controller = new AbortController()
    const res = await fetch(`${engine.base}/completion`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${engine.apiKey}` },
      body: JSON.stringify({ prompt: 'the', n_predict: 200, temperature: 0, stream: true, id_slot: 1 }),
      signal: controller.signal,
    })
    const reader = res.body!.getReader()
    await reader.read() // generating now
    const busy = JSON.parse((await get(engine, '/slots')).text) as { id: number; is_processing: boolean }[]
    expect(busy[1]?.is_processing).toBe(true)
    controller.abort()
    const freedAt = Date.now()
    await waitFor('slot 1 free', async () => {
      const slots = JSON.parse((await get(engine, '/slots')).text) as { is_processing: boolean }[]
      return slots[1]?.is_processing === false ? true : undefined
    }, 2_000, 10)
    expect(Date.now() - freedAt).toBeLessThan(500)
    const m = await metrics()
    expect(m.get('llamacpp:tokens_predicted_total')).toBeGreaterThan(0)
    const after = (await metrics()).get('llamacpp:tokens_predicted_total')
    await new Promise((r) => setTimeout(r, 200))
    expect((await metrics()).get('llamacpp:tokens_predicted_total')).toBe(after) // nothing generates on
  })
})
