// The Chat state: the conversations of this workspace, the one shown, and the replies streaming
// into it. Streamed text lives in `streams` (message id -> text so far), apart from the messages,
// so a chat:delta changes one string and re-renders one message, never the whole list.
// chat:delta and chat:message events are applied together once per frame (several arrive between
// two frames: the user's message and the reply's placeholder, a burst of deltas), so the view
// renders and lays out once per frame, not once per event; on a machine whose cores the model
// shares, each render is time taken from the model.
// The actions behind the buttons and the palette live here, so both act the same way.
import { create } from 'zustand'
import type { ChatContextItem, ChatConversation, ChatConversationSummary, ChatMessage, ChatStarted, Result } from '../../../src-preload/contract'
import { api } from '../../api'
import { useLayout } from '../../store/layout'
import { applyChatEvents, type ChatEvent } from './chat-events'

export const CHAT_VIEW = 'chat'

interface ChatState {
  list: ChatConversationSummary[]
  listLoaded: boolean
  conversation: ChatConversation | null
  streams: Record<string, string>
  /** The last refused call, in main's words (shown above the composer). */
  error: string | null
  /** A send/regenerate/resend asked for and not answered yet. */
  pending: boolean
  /** The composer's chips. */
  context: ChatContextItem[]
  /** Bumped to focus the composer (palette "Chat: Focus"). */
  focusToken: number
}

export const useChat = create<ChatState>()(() => ({
  list: [],
  listLoaded: false,
  conversation: null,
  streams: {},
  error: null,
  pending: false,
  context: [],
  focusToken: 0,
}))

const set = useChat.setState
const get = useChat.getState

function refused<T>(r: Result<T>): r is Extract<Result<T>, { ok: false }> {
  if (!r.ok) set({ error: r.message })
  return !r.ok
}

export async function loadList(): Promise<void> {
  const r = await api.call('chat:list', {})
  if (refused(r)) return
  // The shown conversation's title follows main's (set from its first message).
  const c = get().conversation
  const listed = c ? r.value.find((x) => x.id === c.id) : undefined
  set(listed && c && listed.title !== c.title ? { list: r.value, listLoaded: true, conversation: { ...c, title: listed.title } } : { list: r.value, listLoaded: true })
}

/** Shows a conversation; keeps text already streamed for a reply still going. */
export async function openConversation(id: string): Promise<void> {
  const r = await api.call('chat:get', { id })
  if (refused(r)) return
  flushChatEvents()
  const streams: Record<string, string> = {}
  const old = get().streams
  for (const m of r.value.messages) {
    if (m.state !== 'streaming') continue
    const have = old[m.id]
    streams[m.id] = have !== undefined && have.length >= m.content.length ? have : m.content
  }
  set({ conversation: r.value, streams, error: null })
}

/** The workspace whose conversations are loaded, and that load (the newest one opened). */
let loaded: { root: string | null; done: Promise<void> } | null = null

/** Loads a workspace's conversations and shows the newest; the same root again is a no-op. */
export function loadWorkspaceChats(root: string | null): Promise<void> {
  if (loaded?.root === root) return loaded.done
  set({ conversation: null, streams: {}, list: [], listLoaded: root === null, error: null })
  const done =
    root === null
      ? Promise.resolve()
      : loadList().then(async () => {
          const first = get().list[0]
          if (first && !get().conversation) await openConversation(first.id)
        })
  loaded = { root, done }
  return done
}

/**
 * Asks about code from the editor (Explain): shows Chat and sends in the conversation shown there,
 * or a new one when none is or a reply is still streaming in it.
 */
export async function ask(content: string, context: ChatContextItem[]): Promise<boolean> {
  showChat()
  await loaded?.done
  if (isStreaming(get().conversation) && !(await newConversation())) return false
  return sendMessage(content, context)
}

/** A new, empty conversation (main keeps it unlisted until its first message). */
export async function newConversation(clearContext = true): Promise<ChatConversation | null> {
  const r = await api.call('chat:new', {})
  if (refused(r)) return null
  set((s) => ({ conversation: r.value, streams: {}, error: null, context: clearContext ? [] : s.context }))
  return r.value
}

export async function deleteConversation(id: string): Promise<void> {
  const r = await api.call('chat:delete', { id })
  if (refused(r)) return
  if (get().conversation?.id === id) set({ conversation: null, streams: {} })
  await loadList()
}

export async function renameConversation(id: string, title: string): Promise<void> {
  const r = await api.call('chat:rename', { id, title })
  if (refused(r)) return
  const c = get().conversation
  if (c?.id === id) set({ conversation: { ...c, title: r.value.title } })
  await loadList()
}

/**
 * Starts a reply. A send shows the user's message and the reply's place at once, with ids it
 * gives main, so main's chat:message events for them change nothing on screen, and nothing is read
 * back while the model evaluates the prompt (it may share the CPU). A regenerate or an edit drops
 * messages: the conversation is read again. The answer carries the conversation's summary (a
 * first message names it), so the list is not read either; it is read again when the reply ends.
 */
async function startReply(call: (id: string) => Promise<Result<ChatStarted>>, shown: ChatMessage[] = []): Promise<boolean> {
  let c = get().conversation
  if (!c) c = await newConversation(false)
  if (!c) return false
  const id = c.id
  set((s) => {
    if (shown.length === 0 || s.conversation?.id !== id) return { pending: true, error: null }
    const streams = { ...s.streams }
    for (const m of shown) if (m.state === 'streaming') streams[m.id] = ''
    return { pending: true, error: null, streams, conversation: { ...s.conversation, messages: [...s.conversation.messages, ...shown] } }
  })
  const r = await call(id)
  flushChatEvents()
  if (refused(r)) {
    set((s) => ({ pending: false, conversation: s.conversation && { ...s.conversation, messages: s.conversation.messages.filter((m) => !shown.includes(m)) } }))
    return false
  }
  const { messageId, summary } = r.value
  set((s) => ({
    pending: false,
    streams: { [messageId]: s.streams[messageId] ?? '', ...s.streams },
    list: [summary, ...s.list.filter((x) => x.id !== summary.id)],
    conversation: s.conversation?.id === summary.id && s.conversation.title !== summary.title ? { ...s.conversation, title: summary.title } : s.conversation,
  }))
  if (shown.length === 0 || !get().conversation?.messages.some((m) => m.id === messageId)) await openConversation(id)
  return true
}

/** 16 hex digits, as main's own message ids. */
const localId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')

function sendMessage(content: string, context: ChatContextItem[]): Promise<boolean> {
  const base = { createdAt: Date.now(), error: null, timings: null, notice: null }
  const user: ChatMessage = { ...base, id: localId(), role: 'user', content, context, state: 'done' }
  const reply: ChatMessage = { ...base, id: localId(), role: 'assistant', content: '', context: [], state: 'streaming' }
  return startReply((id) => api.call('chat:send', { id, content, context, ids: { user: user.id, reply: reply.id } }), [user, reply])
}

/** Sends the composer's message with its chips; the chips are cleared at once and put back if the send is refused. */
export async function send(content: string): Promise<boolean> {
  const context = get().context
  set({ context: [] })
  const ok = await sendMessage(content, context)
  if (!ok && get().context.length === 0) set({ context })
  return ok
}

export const regenerate = (): Promise<boolean> => startReply((id) => api.call('chat:regenerate', { id }))

export const editResend = (messageId: string, content: string): Promise<boolean> =>
  startReply((id) => api.call('chat:editResend', { id, messageId, content }))

export async function stop(): Promise<void> {
  const c = get().conversation
  if (c) refused(await api.call('chat:stop', { id: c.id }))
}

export const isStreaming = (c: ChatConversation | null): boolean => c?.messages.some((m) => m.state === 'streaming') ?? false

export const addContext = (item: ChatContextItem): void =>
  set((s) => ({ context: [...s.context.filter((c) => !(c.kind === item.kind && c.label === item.label)), item] }))
export const removeContext = (index: number): void => set((s) => ({ context: s.context.filter((_, i) => i !== index) }))

export function showChat(): void {
  useLayout.getState().showView(CHAT_VIEW)
  set((s) => ({ focusToken: s.focusToken + 1 }))
}

/** Events received and not applied yet (applied at the next frame, or by an action that reads the state). */
let queued: ChatEvent[] = []
let flushScheduled = false

function queue(e: ChatEvent): void {
  queued.push(e)
  if (flushScheduled) return
  flushScheduled = true
  // A hidden page gets no frames (a page hidden after this waits for the next one it gets; an
  // action that reads the state applies the events first).
  if (document.hidden) setTimeout(flushChatEvents, 100)
  else requestAnimationFrame(flushChatEvents)
}

/** Applies the events received so far, in one update. */
export function flushChatEvents(): void {
  flushScheduled = false
  if (queued.length === 0) return
  const events = queued
  queued = []
  let settled = false
  set((s) => {
    const next = applyChatEvents(s, events)
    settled = next.settled
    return { conversation: next.conversation, streams: next.streams }
  })
  if (settled) void loadList()
}

/** Listens to chat:delta and chat:message; returns the unsubscribe. */
export function subscribeChat(): () => void {
  const offDelta = api.on('chat:delta', (e) => queue(e))
  const offMessage = api.on('chat:message', (e) => queue(e))
  return () => {
    offDelta()
    offMessage()
  }
}
