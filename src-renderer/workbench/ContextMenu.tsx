// A small context menu at the pointer. Closes on a choice, Escape, a click elsewhere or blur.
import { useEffect, useLayoutEffect, useRef, useState } from 'react'

export interface MenuItem {
  label: string
  keybinding?: string
  run(): void
  danger?: boolean
}

export function ContextMenu({ x, y, items, onClose }: { x: number; y: number; items: (MenuItem | 'separator')[]; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState({ x, y })

  useLayoutEffect(() => {
    // Keep the menu on screen.
    const r = ref.current?.getBoundingClientRect()
    if (!r) return
    setPos({ x: Math.min(x, window.innerWidth - r.width - 4), y: Math.min(y, window.innerHeight - r.height - 4) })
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus()
  }, [x, y])

  useEffect(() => {
    const close = (e: Event): void => {
      if (e instanceof MouseEvent && ref.current?.contains(e.target as Node)) return
      onClose()
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('mousedown', close, true)
    window.addEventListener('blur', close)
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('mousedown', close, true)
      window.removeEventListener('blur', close)
      window.removeEventListener('keydown', onKey)
    }
  }, [onClose])

  const move = (e: React.KeyboardEvent, d: number): void => {
    const buttons = [...(ref.current?.querySelectorAll('button') ?? [])]
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
    buttons[(i + d + buttons.length) % buttons.length]?.focus()
    e.preventDefault()
  }

  return (
    <div
      ref={ref}
      className="kiln-menu"
      role="menu"
      data-testid="context-menu"
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') move(e, 1)
        else if (e.key === 'ArrowUp') move(e, -1)
      }}
    >
      {items.map((item, i) =>
        item === 'separator' ? (
          <div key={`sep${i}`} className="kiln-menu-separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            className={`kiln-menu-item${item.danger ? ' danger' : ''}`}
            data-testid="context-menu-item"
            onClick={() => {
              onClose()
              item.run()
            }}
          >
            <span>{item.label}</span>
            {item.keybinding && <span className="kiln-menu-key">{item.keybinding}</span>}
          </button>
        ),
      )}
    </div>
  )
}
