// POST /v1/chat/completions (and /chat/completions): OpenAI's shape, streamed or not, with usage
// and llama-server's timings.
import { parseMessages } from './chat-format'
import { bool, idSlot, sampling, type Body } from './params'
import { endSse, sendEvent, startSse } from './sse'
import { finishReason, randomId, runTask, sendJson, type Ctx } from './task'
import type { Generation } from './generate'

const usage = (g: Generation): Body => ({
  prompt_tokens: g.nPrompt,
  completion_tokens: g.tokens.length,
  total_tokens: g.nPrompt + g.tokens.length,
  prompt_tokens_details: { cached_tokens: g.timings.cache_n },
})

function includeUsage(b: Body): boolean {
  const o = b.stream_options
  return typeof o === 'object' && o !== null && (o as Body).include_usage === true
}

export async function chatCompletions(c: Ctx): Promise<void> {
  const { tokens, stops } = c.engine.chat.format(parseMessages(c.body.messages))
  const s = sampling(c.body, stops)
  const id = randomId('chatcmpl')
  const created = Math.floor(Date.now() / 1000)
  const base = { id, created, model: c.engine.modelId, system_fingerprint: 'kiln-engine' }

  if (!(bool(c.body, 'stream') ?? false)) {
    const g = await runTask(c, tokens, s, idSlot(c.body), () => {})
    if (g.cancelled) return
    sendJson(c.res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: g.text }, logprobs: null, finish_reason: finishReason(g) }],
      usage: usage(g),
      timings: g.timings,
    })
    return
  }

  const chunk = (choices: Body[], extra: Body = {}): Body => ({ ...base, object: 'chat.completion.chunk', choices, ...extra })
  let started = false
  const start = (): void => {
    if (started) return
    started = true
    startSse(c.res)
    sendEvent(c.res, chunk([{ index: 0, delta: { role: 'assistant', content: null }, logprobs: null, finish_reason: null }]))
  }
  // The stream opens once a slot has the task: a prompt that overflows still gets a plain 400.
  const g = await runTask(c, tokens, s, idSlot(c.body), (piece) => {
    start()
    sendEvent(c.res, chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]))
  })
  if (g.cancelled) return
  start()
  // As llama-server: timings on the last chunk; usage in a chunk of its own when asked for.
  const finish = [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason(g) }]
  if (includeUsage(c.body)) {
    sendEvent(c.res, chunk(finish))
    sendEvent(c.res, chunk([], { usage: usage(g), timings: g.timings }))
  } else sendEvent(c.res, chunk(finish, { timings: g.timings }))
  endSse(c.res, true)
}
