// The top of the Chat view: the conversation's title (a button that opens the history list), and
// New. The list shows every conversation of this workspace, newest first, with its size and age;
// each row renames inline and deletes after a confirmation, because a deleted conversation is gone.
// Keyboard: ↑/↓ move, Enter opens, F2 renames, Delete asks to delete, Escape closes.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { ChatConversationSummary } from '../../../src-preload/contract'
import { deleteConversation, newConversation, openConversation, renameConversation, useChat } from './chat-store'

export function ConversationBar() {
  const current = useChat((s) => s.conversation)
  const [open, setOpen] = useState(false)
  const [renaming, setRenaming] = useState<string | null>(null)
  const rootRef = useRef<HTMLDivElement>(null)

  // A click anywhere else closes the list.
  useEffect(() => {
    if (!open) return
    const away = (e: MouseEvent): void => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('mousedown', away)
    return () => window.removeEventListener('mousedown', away)
  }, [open])

  return (
    <div className="kiln-chat-bar" ref={rootRef}>
      {renaming !== null && current ? (
        <RenameInput
          initial={renaming}
          onDone={(title) => {
            if (title !== null && title !== current.title) void renameConversation(current.id, title)
            setRenaming(null)
          }}
        />
      ) : (
        <button
          type="button"
          className="kiln-chat-title"
          data-testid="chat-conversations"
          aria-haspopup="listbox"
          aria-expanded={open}
          title={current ? `${current.title} — show all conversations` : 'Show all conversations'}
          onClick={() => setOpen(!open)}
          onDoubleClick={() => current && setRenaming(current.title)}
        >
          <span className="kiln-chat-title-text">{current?.title ?? 'New conversation'}</span>
          <span aria-hidden="true">▾</span>
        </button>
      )}
      <button type="button" data-testid="chat-new" title="New conversation" aria-label="New conversation" onClick={() => void newConversation().then(() => setOpen(false))}>
        +
      </button>
      {open && <HistoryList currentId={current?.id ?? null} onClose={() => setOpen(false)} />}
    </div>
  )
}

function RenameInput({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(initial)
  const finish = (): void => onDone(value.trim() === '' ? null : value.trim())
  return (
    <input
      data-testid="chat-rename-input"
      aria-label="Conversation title"
      value={value}
      autoFocus
      maxLength={200}
      onFocus={(e) => e.target.select()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={finish}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Enter') finish()
        else if (e.key === 'Escape') onDone(null)
      }}
    />
  )
}

function HistoryList({ currentId, onClose }: { currentId: string | null; onClose: () => void }) {
  const list = useChat((s) => s.list)
  const listLoaded = useChat((s) => s.listLoaded)
  const [picked, setActive] = useState(() => Math.max(0, list.findIndex((c) => c.id === currentId)))
  // A delete may shorten the list under the highlight.
  const active = Math.min(picked, Math.max(0, list.length - 1))
  const [renaming, setRenaming] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const listRef = useRef<HTMLUListElement>(null)

  useEffect(() => listRef.current?.focus(), [])

  const pick = (c: ChatConversationSummary): void => {
    void openConversation(c.id)
    onClose()
  }
  const onKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const c = list[active]
    if (e.key === 'ArrowDown') setActive(Math.min(list.length - 1, active + 1))
    else if (e.key === 'ArrowUp') setActive(Math.max(0, active - 1))
    else if (e.key === 'Escape') onClose()
    else if (e.key === 'Enter' && c) pick(c)
    else if (e.key === 'F2' && c) setRenaming(c.id)
    else if (e.key === 'Delete' && c) setConfirming(c.id)
    else return
    e.preventDefault()
    e.stopPropagation()
  }

  if (!listLoaded) return <div className="kiln-chat-history kiln-chat-history-empty">Loading conversations…</div>
  if (list.length === 0) return <div className="kiln-chat-history kiln-chat-history-empty" data-testid="chat-history">No saved conversations in this workspace yet.</div>
  return (
    <ul className="kiln-chat-history" data-testid="chat-history" role="listbox" aria-label="Conversations" tabIndex={0} ref={listRef} onKeyDown={onKey}>
      {list.map((c, i) => (
        <li
          key={c.id}
          role="option"
          aria-selected={c.id === currentId}
          data-testid="chat-history-item"
          data-active={i === active || undefined}
          onMouseEnter={() => setActive(i)}
        >
          {renaming === c.id ? (
            <RenameInput
              initial={c.title}
              onDone={(title) => {
                if (title !== null && title !== c.title) void renameConversation(c.id, title)
                setRenaming(null)
                listRef.current?.focus()
              }}
            />
          ) : confirming === c.id ? (
            <div className="kiln-chat-history-confirm">
              <span>Delete “{c.title}”?</span>
              <button type="button" className="kiln-chat-danger" data-testid="chat-history-delete-confirm" onClick={() => void deleteConversation(c.id).then(() => setConfirming(null))}>
                Delete
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          ) : (
            <>
              <button type="button" className="kiln-chat-history-open" data-testid="chat-history-open" onClick={() => pick(c)}>
                <span className="kiln-chat-history-title">{c.title}</span>
                <span className="kiln-chat-history-meta">
                  {c.messages} message{c.messages === 1 ? '' : 's'} · {ago(c.updatedAt)}
                </span>
              </button>
              <button type="button" className="kiln-chat-history-act" data-testid="chat-history-rename" title="Rename (F2)" aria-label={`Rename ${c.title}`} onClick={() => setRenaming(c.id)}>
                ✎
              </button>
              <button type="button" className="kiln-chat-history-act" data-testid="chat-history-delete" title="Delete (Del)" aria-label={`Delete ${c.title}`} onClick={() => setConfirming(c.id)}>
                ✕
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", else the date. */
export function ago(at: number, now = Date.now()): string {
  const s = Math.max(0, (now - at) / 1000)
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)} d ago`
  return new Date(at).toLocaleDateString()
}
