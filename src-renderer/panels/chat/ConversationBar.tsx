// The conversation picker at the top of the Chat view: pick, new, rename (inline), delete.
import { useState } from 'react'
import { deleteConversation, newConversation, openConversation, renameConversation, useChat } from './chat-store'

export function ConversationBar() {
  const list = useChat((s) => s.list)
  const current = useChat((s) => s.conversation)
  const [renaming, setRenaming] = useState<string | null>(null)
  if (renaming !== null && current) {
    const done = (): void => {
      const title = renaming.trim()
      if (title && title !== current.title) void renameConversation(current.id, title)
      setRenaming(null)
    }
    return (
      <div className="kiln-chat-bar">
        <input
          data-testid="chat-rename-input"
          value={renaming}
          autoFocus
          maxLength={200}
          onChange={(e) => setRenaming(e.target.value)}
          onBlur={done}
          onKeyDown={(e) => {
            if (e.key === 'Enter') done()
            else if (e.key === 'Escape') setRenaming(null)
          }}
        />
      </div>
    )
  }
  return (
    <div className="kiln-chat-bar">
      <select
        data-testid="chat-conversations"
        aria-label="Conversation"
        value={current?.id ?? ''}
        onChange={(e) => e.target.value && void openConversation(e.target.value)}
      >
        {!current && <option value="">New conversation</option>}
        {current && !list.some((c) => c.id === current.id) && <option value={current.id}>{current.title}</option>}
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title} ({c.messages})
          </option>
        ))}
      </select>
      <button type="button" data-testid="chat-new" title="New conversation" onClick={() => void newConversation()}>
        New
      </button>
      <button type="button" data-testid="chat-rename" disabled={!current} onClick={() => current && setRenaming(current.title)}>
        Rename
      </button>
      <button type="button" data-testid="chat-delete" disabled={!current} onClick={() => current && void deleteConversation(current.id)}>
        Delete
      </button>
    </div>
  )
}
