// Prompt assembly (context before text in the same user message, a stable prefix across turns)
// and the token budget (oldest turns left out with a notice; a message too large refused).
import { describe, expect, it } from 'vitest'
import type { ChatContextItem, ChatMessage } from '../../src-preload/contract'
import { estimateCounter, MESSAGE_OVERHEAD, planPrompt, type TokenCounter } from '../../src-main/services/chat/budget'
import { buildMessages, contextBlock, historyTurns, slotFor, userText } from '../../src-main/services/chat/prompt'
import type { ChatMessage as WireMessage } from '../../src-main/services/inference/client'

let n = 0
const msg = (role: ChatMessage['role'], content: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${n++}`, role, content, context: [], createdAt: 0, state: 'done', error: null, timings: null, notice: null, ...extra,
})
const file: ChatContextItem = { kind: 'file', label: 'src/A.jl', path: 'src/A.jl', range: null, text: 'f(x) = x + 1\n' }
/** ChatML, as many GGUF templates render: a text-level check that prefixes survive rendering. */
const render = (ms: WireMessage[]): string => ms.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('')

describe('prompt assembly', () => {
  it('puts context items, fenced and labelled, before the text in the same user message', () => {
    const text = userText('Why is this slow?', [file])
    expect(text).toBe('File: src/A.jl\n```julia\nf(x) = x + 1\n```\n\nWhy is this slow?')
    const m = buildMessages('SYS', [], { content: 'Why is this slow?', context: [file] })
    expect(m).toEqual([{ role: 'system', content: 'SYS' }, { role: 'user', content: text }])
  })

  it('uses a longer fence when the context holds backticks', () => {
    const block = contextBlock({ ...file, text: 'a\n```julia\nb\n```' })
    expect(block.split('\n')[1]).toBe('````julia')
    expect(block.endsWith('\n````')).toBe(true)
  })

  it("turn 2's prompt starts with exactly turn 1's prompt and its reply", () => {
    const u1 = msg('user', 'first', { context: [file] })
    const r1 = msg('assistant', 'answer one')
    const turn1 = buildMessages('SYS', historyTurns([]), u1)
    const turn2 = buildMessages('SYS', historyTurns([u1, r1]), { content: 'second', context: [{ ...file, text: 'changed' }] })
    expect(turn2.slice(0, turn1.length)).toEqual(turn1)
    expect(turn2[turn1.length]).toEqual({ role: 'assistant', content: 'answer one' })
    expect(render(turn2).startsWith(render([...turn1, { role: 'assistant', content: 'answer one' }]))).toBe(true)
  })

  it('leaves failed replies (and their question) out of the history', () => {
    const h = historyTurns([msg('user', 'a'), msg('assistant', '', { state: 'error', error: 'down' }), msg('user', 'b'), msg('assistant', 'B', { state: 'stopped' })])
    expect(h.map((t) => t.user.content)).toEqual(['b'])
  })

  it('gives a conversation the same slot every time, none when there is one slot', () => {
    expect(slotFor('abc', 1)).toBeUndefined()
    expect(slotFor('abc', 4)).toBe(slotFor('abc', 4))
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => slotFor(id, 4))).size).toBeGreaterThan(1)
  })
})

/** One token a character: easy sums. */
const chars: TokenCounter = { count: async (t) => t.length, estimated: false }
const O = MESSAGE_OVERHEAD

describe('token budget', () => {
  const history = historyTurns([msg('user', 'u'.repeat(40)), msg('assistant', 'r'.repeat(40)), msg('user', 'v'.repeat(40)), msg('assistant', 's'.repeat(40))])
  const base = { system: 'S'.repeat(20), history, next: { content: 'n'.repeat(20), context: [] }, maxReplyTokens: 50, counter: chars }

  it('keeps everything when it fits', async () => {
    const p = await planPrompt({ ...base, contextSize: 1000 })
    expect(p.budget).toEqual({ contextSize: 1000, promptTokens: 20 + 20 + 160 + 6 * O, reserved: 50, trimmedTurns: 0, fits: true, message: null })
    expect(p.kept).toHaveLength(2)
    expect(p.notice).toBeNull()
  })

  it('leaves the oldest turns out, and says so', async () => {
    // room = 210 - 50 = 160: system+next = 56, each turn 96: one turn fits.
    const p = await planPrompt({ ...base, contextSize: 210 })
    expect(p.budget).toMatchObject({ trimmedTurns: 1, fits: true, promptTokens: 56 + 96 })
    expect(p.kept.map((t) => t.user.content[0])).toEqual(['v'])
    expect(p.notice).toBe('1 oldest turn left out to fit 210 tokens')
    const q = await planPrompt({ ...base, contextSize: 140 })
    expect(q.notice).toBe('2 oldest turns left out to fit 140 tokens')
  })

  it('refuses a message that cannot fit alone, before sending', async () => {
    const p = await planPrompt({ ...base, next: { content: 'n'.repeat(20), context: [{ ...file, text: 'x'.repeat(500) }] }, contextSize: 400 })
    expect(p.budget.fits).toBe(false)
    expect(p.budget.message).toMatch(/this message with its context is about \d+ tokens, and the model's context holds 400 with 50 kept for the reply/)
  })

  it('keeps at most half the context for the reply', async () => {
    expect((await planPrompt({ ...base, maxReplyTokens: 1024, contextSize: 256 })).budget.reserved).toBe(128)
  })

  it('says when the count is an estimate, and when the context is unknown', async () => {
    const p = await planPrompt({ ...base, counter: estimateCounter, contextSize: 1000 })
    expect(p.budget.message).toMatch(/estimated at ~4 characters a token/)
    const q = await planPrompt({ ...base, counter: estimateCounter, contextSize: null })
    expect(q.budget).toMatchObject({ contextSize: null, fits: true })
    expect(q.budget.message).toMatch(/not known until a model server runs/)
  })
})
