// @-context chips: a file or selection opens the file at its range; other kinds show their text in a
// popover (Escape or × closes it). In the composer each has × to remove it, and the popover opens
// above the chips so that the text being typed stays in sight.
import { useState } from 'react'
import type { ChatContextItem } from '../../../src-preload/contract'
import { openFile } from '../../editor/buffers'

export function ContextChips({ items, onRemove }: { items: ChatContextItem[]; onRemove?: (index: number) => void }) {
  const [shown, setShown] = useState<number | null>(null)
  const open = (item: ChatContextItem, i: number): void => {
    if ((item.kind === 'file' || item.kind === 'selection') && item.path) {
      void openFile(item.path, { line: item.range?.startLine })
    } else setShown(shown === i ? null : i)
  }
  const popover = shown !== null ? items[shown] : undefined
  return (
    <div
      className="kiln-chat-chips"
      data-testid="chat-chips"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || shown === null) return
        e.stopPropagation()
        setShown(null)
      }}
    >
      {items.map((item, i) => (
        <span key={`${item.kind}:${item.label}`} className="kiln-chat-chip" data-testid="chat-chip" data-kind={item.kind}>
          <button type="button" className="kiln-chat-chip-open" title={item.path ?? item.label} onClick={() => open(item, i)}>
            <span className="kiln-chat-chip-kind">@{item.kind}</span> {item.label}
          </button>
          {onRemove && (
            <button type="button" className="kiln-chat-chip-remove" data-testid="chat-chip-remove" aria-label={`Remove ${item.label}`} onClick={() => onRemove(i)}>
              ×
            </button>
          )}
        </span>
      ))}
      {popover && (
        <div
          className={onRemove ? 'kiln-chat-popover kiln-chat-popover-above' : 'kiln-chat-popover'}
          data-testid="chat-chip-popover"
          role="dialog"
          aria-label={popover.label}
        >
          <div className="kiln-chat-popover-head">
            <span>{popover.label}</span>
            <button type="button" aria-label="Close" onClick={() => setShown(null)}>
              ×
            </button>
          </div>
          <pre>{popover.text || '(empty)'}</pre>
        </div>
      )}
    </div>
  )
}
