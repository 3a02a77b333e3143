// The Chat side view: the conversation bar, the messages, the composer. Conversations belong to the
// workspace: the list loads when a folder is open. The newest message stays in view while a reply
// streams unless the user scrolled up to read.
import { useEffect, useLayoutEffect, useRef } from 'react'
import '../../styles/chat.css'
import { useWorkspace } from '../../store/workspace'
import { Composer } from './Composer'
import { ConversationBar } from './ConversationBar'
import { MessageItem } from './MessageItem'
import { registerChatCommands } from './chat-commands'
import { isStreaming, loadWorkspaceChats, subscribeChat, useChat } from './chat-store'
import type { ChatMessage } from '../../../src-preload/contract'

const placeholder = (id: string): ChatMessage => ({
  id,
  role: 'assistant',
  content: '',
  context: [],
  createdAt: 0,
  state: 'streaming',
  error: null,
  timings: null,
  notice: null,
})

function Messages() {
  const conversation = useChat((s) => s.conversation)
  // Streams main announced before chat:get shows their message: shown as replies in progress.
  const orphans = useChat((s) => Object.keys(s.streams).filter((id) => !s.conversation?.messages.some((m) => m.id === id)).join('\n'))
  const streamLength = useChat((s) => Object.values(s.streams).reduce((n, t) => n + t.length, 0))
  const busy = useChat((s) => s.pending) || isStreaming(conversation)
  const box = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)
  useLayoutEffect(() => {
    const el = box.current
    if (el && pinned.current) el.scrollTop = el.scrollHeight
  }, [conversation, streamLength])
  const messages = conversation?.messages ?? []
  let lastReply = messages.length - 1
  while (lastReply >= 0 && messages[lastReply]!.role !== 'assistant') lastReply--
  return (
    <div
      className="kiln-chat-messages"
      data-testid="chat-messages"
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
      }}
    >
      {messages.length === 0 && !orphans && (
        <p className="kiln-chat-empty">
          Ask the local model about your code. Type <code>@</code> to add a file, the selection, the REPL, problems, a terminal or the last build.
        </p>
      )}
      {messages.map((m, i) => (
        <MessageItem key={m.id} message={m} last={i === lastReply} busy={busy} />
      ))}
      {orphans && orphans.split('\n').map((id) => <MessageItem key={id} message={placeholder(id)} last={false} busy />)}
    </div>
  )
}

export function ChatView() {
  const workspace = useWorkspace((s) => s.info?.root ?? null)
  const error = useChat((s) => s.error)
  useEffect(() => {
    const off = subscribeChat()
    const offCommands = registerChatCommands()
    return () => {
      off()
      offCommands()
    }
  }, [])
  useEffect(() => {
    void loadWorkspaceChats(workspace)
  }, [workspace])
  return (
    <div className="kiln-chat-view" data-testid="chat-view">
      <ConversationBar />
      <Messages />
      {error && (
        <div className="kiln-chat-problem" data-testid="chat-call-error">
          {error}
        </div>
      )}
      <Composer />
    </div>
  )
}
