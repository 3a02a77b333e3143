// Applying a batch of chat:delta and chat:message events to the shown conversation, as one update.
// Pure, so the store applies a frame's worth of events at once and tests can check the rules.
import type { ChatConversation, ChatMessage } from '../../../src-preload/contract'

export type ChatEvent = { conversationId: string; messageId: string; text: string } | { conversationId: string; message: ChatMessage }

export type ShownChat = { conversation: ChatConversation | null; streams: Record<string, string> }

/** Main's copy of a message the renderer already shows (a send's), the same on screen. */
const sameOnScreen = (a: ChatMessage, b: ChatMessage): boolean =>
  a.role === b.role &&
  a.state === b.state &&
  a.content === b.content &&
  a.error === b.error &&
  a.notice === b.notice &&
  a.timings === null &&
  b.timings === null &&
  a.context.length === b.context.length

function upsert(c: ChatConversation, message: ChatMessage): ChatConversation {
  const i = c.messages.findIndex((m) => m.id === message.id)
  const messages = i < 0 ? [...c.messages, message] : c.messages.map((m, j) => (j === i ? message : m))
  return { ...c, messages, updatedAt: Date.now() }
}

/**
 * The shown state after `events`: deltas append to their stream; a message replaces its copy (or is
 * added) unless it is the same on screen, and a settled one drops its stream. Objects that do not
 * change are returned as they were, so nothing re-renders for them. `settled`: some reply, in any
 * conversation, ended (the list is read again).
 */
export function applyChatEvents(s: ShownChat, events: readonly ChatEvent[]): ShownChat & { settled: boolean } {
  let conversation = s.conversation
  let streams: Record<string, string> | null = null
  let settled = false
  for (const e of events) {
    if ('message' in e && e.message.role === 'assistant' && e.message.state !== 'streaming') settled = true
    if (conversation?.id !== e.conversationId) continue
    if ('text' in e) {
      streams ??= { ...s.streams }
      streams[e.messageId] = (streams[e.messageId] ?? '') + e.text
      continue
    }
    const m = e.message
    const shown = conversation.messages.find((x) => x.id === m.id)
    if (shown !== undefined && sameOnScreen(shown, m)) continue
    conversation = upsert(conversation, m)
    if (m.state !== 'streaming' && (streams ?? s.streams)[m.id] !== undefined) {
      streams ??= { ...s.streams }
      delete streams[m.id]
    }
  }
  return { conversation, streams: streams ?? s.streams, settled }
}
