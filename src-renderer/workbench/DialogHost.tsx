// The modal dialog (save before closing, confirm delete). Enter picks the primary button, Escape
// or a click outside cancels; focus starts on the primary button and stays in the dialog.
import { useEffect, useRef } from 'react'
import { useDialog } from '../store/dialog'
import { WarningIcon } from './icons'

export function DialogHost() {
  const current = useDialog((s) => s.current)
  const answer = useDialog((s) => s.answer)
  const primary = useRef<HTMLButtonElement>(null)
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!current) return
    const previous = document.activeElement as HTMLElement | null
    primary.current?.focus()
    return () => previous?.focus?.()
  }, [current])

  if (!current) return null
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault()
      answer(current.cancelAction)
    } else if (e.key === 'Tab') {
      // Keep focus inside the dialog.
      const buttons = [...(box.current?.querySelectorAll('button') ?? [])]
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
      const next = buttons[(i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length]
      e.preventDefault()
      next?.focus()
    }
  }
  return (
    <div className="kiln-modal-backdrop" onMouseDown={() => answer(current.cancelAction)}>
      <div
        ref={box}
        className="kiln-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="kiln-dialog-title"
        data-testid="dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <div className="kiln-dialog-body">
          <WarningIcon size={28} className="kiln-dialog-icon" />
          <div>
            <h2 id="kiln-dialog-title">{current.title}</h2>
            {current.message && <p>{current.message}</p>}
          </div>
        </div>
        <div className="kiln-dialog-buttons">
          {current.buttons.map((b) => (
            <button
              key={b.action}
              ref={b.primary ? primary : undefined}
              type="button"
              className={`kiln-button${b.primary ? ' primary' : ' secondary'}`}
              data-testid="dialog-button"
              data-action={b.action}
              onClick={() => answer(b.action)}
            >
              {b.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  )
}
