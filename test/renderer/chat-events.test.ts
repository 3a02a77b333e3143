// The rules for applying a frame's chat events to the shown conversation (chat-events.ts).
import { describe, expect, it } from 'vitest'
import type { ChatConversation, ChatMessage } from '../../src-preload/contract'
import { applyChatEvents, type ChatEvent } from '../../src-renderer/panels/chat/chat-events'

const msg = (id: string, o: Partial<ChatMessage> = {}): ChatMessage => ({
  id, role: 'assistant', content: '', context: [], createdAt: 1, state: 'streaming', error: null, timings: null, notice: null, ...o,
})
const conv = (messages: ChatMessage[]): ChatConversation => ({ id: 'c1', title: 'T', createdAt: 0, updatedAt: 0, messages })

describe('applying chat events', () => {
  it("leaves the state untouched when main's copies of a send's messages are the same on screen", () => {
    const user = msg('u1', { role: 'user', content: 'hi', state: 'done' })
    const reply = msg('r1')
    const s = { conversation: conv([user, reply]), streams: { r1: '' } }
    const events: ChatEvent[] = [
      { conversationId: 'c1', message: { ...user, createdAt: 99 } },
      { conversationId: 'c1', message: { ...reply, createdAt: 99 } },
    ]
    const next = applyChatEvents(s, events)
    expect(next.conversation).toBe(s.conversation)
    expect(next.streams).toBe(s.streams)
    expect(next.settled).toBe(false)
  })

  it('appends deltas, shows a notice main added, and drops the stream when the reply ends in the same batch', () => {
    const s = { conversation: conv([msg('r1')]), streams: {} as Record<string, string> }
    const next = applyChatEvents(s, [
      { conversationId: 'c1', message: msg('r1', { notice: '2 oldest turns left out' }) },
      { conversationId: 'c1', messageId: 'r1', text: 'Hel' },
      { conversationId: 'c1', messageId: 'r1', text: 'lo' },
    ])
    expect(next.streams).toEqual({ r1: 'Hello' })
    expect(next.conversation?.messages[0]?.notice).toBe('2 oldest turns left out')
    const done = applyChatEvents(next, [
      { conversationId: 'c1', messageId: 'r1', text: '!' },
      { conversationId: 'c1', message: msg('r1', { content: 'Hello!', state: 'done' }) },
    ])
    expect(done.streams).toEqual({})
    expect(done.conversation?.messages[0]).toMatchObject({ content: 'Hello!', state: 'done' })
    expect(done.settled).toBe(true)
  })

  it('ignores other conversations but says when a reply there ended', () => {
    const s = { conversation: conv([]), streams: {} }
    const next = applyChatEvents(s, [
      { conversationId: 'c2', messageId: 'x', text: 'elsewhere' },
      { conversationId: 'c2', message: msg('x', { state: 'done' }) },
    ])
    expect(next.conversation).toBe(s.conversation)
    expect(next.streams).toBe(s.streams)
    expect(next.settled).toBe(true)
  })
})
