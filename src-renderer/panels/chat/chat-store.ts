// The Chat state: the conversations of this workspace, the one shown, and the replies streaming
// into it. Streamed text lives in `streams` (message id -> text so far), apart from the messages,
// so a chat:delta changes one string and re-renders one message, never the whole list.
// The actions behind the buttons and the palette live here, so both act the same way.
import { create } from 'zustand'
import type { ChatContextItem, ChatConversation, ChatConversationSummary, ChatMessage, Result } from '../../../src-preload/contract'
import { api } from '../../api'
import { useLayout } from '../../store/layout'

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
  return startReply((id) => api.call('chat:send', { id, content, context }), false)
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
 * Starts a reply. A send only appends: the user message and the reply's placeholder arrive as
 * chat:message events before the call answers, so nothing is read back while the model evaluates
 * the prompt (it shares the CPU). A regenerate or an edit drops messages: the conversation is read
 * again. The list follows when the reply ends (subscribeChat).
 */
async function startReply(call: (id: string) => Promise<Result<{ messageId: string }>>, reread = true): Promise<boolean> {
  let c = get().conversation
  if (!c) c = await newConversation(false)
  if (!c) return false
  set({ pending: true, error: null })
  const r = await call(c.id)
  set({ pending: false })
  if (refused(r)) return false
  set((s) => ({ streams: { [r.value.messageId]: s.streams[r.value.messageId] ?? '', ...s.streams } }))
  if (reread || !get().conversation?.messages.some((m) => m.id === r.value.messageId)) await openConversation(c.id)
  // A first message names the conversation: the list brings the title.
  else if (c.messages.length === 0) void loadList()
  return true
}

export async function send(content: string): Promise<boolean> {
  const context = get().context
  const ok = await startReply((id) => api.call('chat:send', { id, content, context }), false)
  if (ok) set({ context: [] })
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

function upsert(c: ChatConversation, message: ChatMessage): ChatConversation {
  const i = c.messages.findIndex((m) => m.id === message.id)
  const messages = i < 0 ? [...c.messages, message] : c.messages.map((m, j) => (j === i ? message : m))
  return { ...c, messages, updatedAt: Date.now() }
}

/** Listens to chat:delta and chat:message; returns the unsubscribe. */
export function subscribeChat(): () => void {
  const offDelta = api.on('chat:delta', ({ conversationId, messageId, text }) => {
    if (get().conversation?.id !== conversationId) return
    set((s) => ({ streams: { ...s.streams, [messageId]: (s.streams[messageId] ?? '') + text } }))
  })
  const offMessage = api.on('chat:message', ({ conversationId, message }) => {
    const c = get().conversation
    if (c?.id === conversationId) {
      set((s) => {
        const streams = { ...s.streams }
        if (message.state !== 'streaming') delete streams[message.id]
        return { conversation: upsert(c, message), streams }
      })
    }
    if (message.state !== 'streaming') void loadList()
  })
  return () => {
    offDelta()
    offMessage()
  }
}
