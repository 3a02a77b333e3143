// One message of a conversation. Memoized on the message object: a delta to another message, or a
// new message below, never renders it again. A streaming reply reads its text from the store's
// `streams` by id, so only it follows the deltas.
import { memo, useState } from 'react'
import type { ChatContextItem, ChatMessage } from '../../../src-preload/contract'
import { StartServer } from '../models/StartServer'
import { copyText } from '../../lib/copy-text'
import { ContextChips } from './ContextChips'
import { ReplyIdContext } from './reply-context'
import { Markdown, StreamingMarkdown } from './Markdown'
import { editResend, regenerate, useChat } from './chat-store'

const MARKS: Partial<Record<ChatMessage['state'], string>> = { stopped: 'stopped', 'cut-off': 'cut off' }

function StreamingText({ id, fallback }: { id: string; fallback: string }) {
  const text = useChat((s) => s.streams[id]) ?? fallback
  return (
    <div data-testid="chat-streaming-text" data-length={text.length}>
      <StreamingMarkdown text={text} />
      <span className="kiln-chat-caret" aria-hidden="true" />
    </div>
  )
}

function UserBody({ message, busy }: { message: ChatMessage; busy: boolean }) {
  const [editing, setEditing] = useState<string | null>(null)
  if (editing !== null) {
    const resend = (): void => {
      if (editing.trim()) void editResend(message.id, editing).then((ok) => ok && setEditing(null))
    }
    return (
      <div className="kiln-chat-edit">
        <textarea
          data-testid="chat-edit-input"
          value={editing}
          autoFocus
          rows={Math.min(10, editing.split('\n').length + 1)}
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              resend()
            } else if (e.key === 'Escape') setEditing(null)
          }}
        />
        <div className="kiln-chat-actions">
          <button type="button" data-testid="chat-edit-resend" disabled={busy || !editing.trim()} onClick={resend}>
            Resend
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </div>
      </div>
    )
  }
  return (
    <>
      {message.context.length > 0 && <ContextChips items={message.context as ChatContextItem[]} />}
      <div className="kiln-chat-user-text">{message.content}</div>
      <div className="kiln-chat-actions">
        <button type="button" data-testid="chat-copy" onClick={() => void copyText(message.content)}>
          Copy
        </button>
        <button type="button" data-testid="chat-edit" disabled={busy} onClick={() => setEditing(message.content)}>
          Edit
        </button>
      </div>
    </>
  )
}

function ReplyBody({ message, last, busy }: { message: ChatMessage; last: boolean; busy: boolean }) {
  const mark = MARKS[message.state]
  return (
    <>
      {message.notice && (
        <div className="kiln-chat-notice" data-testid="chat-notice">
          {message.notice}
        </div>
      )}
      <ReplyIdContext.Provider value={message.id}>
        {message.state === 'streaming' ? <StreamingText id={message.id} fallback={message.content} /> : message.content && <Markdown text={message.content} />}
      </ReplyIdContext.Provider>
      {message.state === 'error' && (
        <div className="kiln-chat-error" data-testid="chat-error">
          <span>{message.error ?? 'The reply failed.'}</span>
          <StartServer testId="chat-start-server" />
        </div>
      )}
      {message.state !== 'streaming' && (
        <div className="kiln-chat-actions">
          {mark && (
            <span className="kiln-chat-mark" data-testid="chat-mark">
              {mark}
            </span>
          )}
          {message.timings && (
            <span className="kiln-chat-meta" title={`prompt ${message.timings.promptN} tokens (${message.timings.cacheN} from the cache)`}>
              {message.timings.predictedN} tokens · {message.timings.predictedPerSecond.toFixed(1)} tok/s
            </span>
          )}
          {message.content && (
            <button type="button" data-testid="chat-copy" onClick={() => void copyText(message.content)}>
              Copy
            </button>
          )}
          {last && (
            <button type="button" data-testid="chat-regenerate" disabled={busy} onClick={() => void regenerate()}>
              Regenerate
            </button>
          )}
        </div>
      )}
    </>
  )
}

export const MessageItem = memo(function MessageItem({ message, last, busy }: { message: ChatMessage; last: boolean; busy: boolean }) {
  return (
    <div className={`kiln-chat-message ${message.role}`} data-testid="chat-message" data-role={message.role} data-state={message.state} data-id={message.id}>
      <div className="kiln-chat-who">{message.role === 'user' ? 'You' : 'Model'}</div>
      {message.role === 'user' ? <UserBody message={message} busy={busy} /> : <ReplyBody message={message} last={last} busy={busy} />}
    </div>
  )
})
