// The generic quick pick: an overlay at the top centre with an input and a filtered list.
// Keyboard first: the input keeps focus; arrows move the active row, Enter accepts, Esc closes.
// Callers own filtering; this component only renders, navigates and reports the choice.
import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react'
import { Highlighted } from './Highlighted'
import { KeyCaps } from './KeyCaps'
import './quickpick.css'

export interface QuickPickItem {
  key: string
  label: string
  labelPositions?: readonly number[]
  description?: string
  descriptionPositions?: readonly number[]
  keybinding?: string
  /** A section heading shown above this item ('recently opened'). */
  separator?: string
}

export interface QuickPickProps {
  /** data-testid of the frame: 'command-palette' or 'quick-open'. */
  testId: string
  placeholder: string
  ariaLabel: string
  value: string
  onValueChange(value: string): void
  items: readonly QuickPickItem[]
  onAccept(item: QuickPickItem): void
  onClose(): void
  /** Shown under the list when there are no items. */
  emptyText: string
  /** A status line under the input: loading, an error, "N more". */
  message?: ReactNode
  messageKind?: 'info' | 'error'
}

const PAGE = 10

export function QuickPick(props: QuickPickProps) {
  const { items, onClose, onAccept } = props
  const [active, setActive] = useState(0)
  const [shownItems, setShownItems] = useState(items)
  // A new list (new query) starts at its best match.
  if (shownItems !== items) {
    setShownItems(items)
    setActive(0)
  }
  const frameRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const activeRef = useRef<HTMLDivElement>(null)
  const listId = useId()
  const rowId = (item: QuickPickItem): string => `${listId}-${encodeURIComponent(item.key)}`
  // A stable accept for the memoised rows; callers pass a fresh closure each render.
  const acceptRef = useRef(onAccept)
  acceptRef.current = onAccept
  const acceptRow = useCallback((item: QuickPickItem) => acceptRef.current(item), [])

  // Focus the input on open; give focus back to where it was if it is still ours on close.
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    inputRef.current?.focus()
    const frame = frameRef.current
    return () => {
      const focused = document.activeElement
      const ours = !focused || focused === document.body || (frame !== null && frame.contains(focused))
      if (ours && previous?.isConnected) previous.focus()
    }
  }, [])

  // Click outside closes, without swallowing the click (it still lands where it was aimed).
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      if (frameRef.current && e.target instanceof Node && !frameRef.current.contains(e.target)) onClose()
    }
    document.addEventListener('mousedown', onDown, true)
    return () => document.removeEventListener('mousedown', onDown, true)
  }, [onClose])

  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: 'nearest' })
  }, [active, items])

  const move = (delta: number, wrap: boolean): void => {
    if (items.length === 0) return
    let next = active + delta
    if (wrap) next = (next + items.length) % items.length
    else next = Math.max(0, Math.min(items.length - 1, next))
    setActive(next)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    let handled = true
    switch (e.key) {
      case 'ArrowDown':
        move(1, true)
        break
      case 'ArrowUp':
        move(-1, true)
        break
      case 'PageDown':
        move(PAGE, false)
        break
      case 'PageUp':
        move(-PAGE, false)
        break
      case 'Enter': {
        const item = items[active]
        if (item) onAccept(item)
        break
      }
      case 'Escape':
        onClose()
        break
      case 'Tab':
        // The input is the only stop; do not let Tab wander into the workbench behind.
        break
      default:
        handled = false
    }
    if (handled) {
      e.preventDefault()
      e.stopPropagation()
    }
  }

  const activeItem = items[active]
  return (
    <div className="kiln-qp-frame" data-testid={props.testId} ref={frameRef}>
      <div className="kiln-qp" data-testid="quick-pick" role="dialog" aria-label={props.ariaLabel}>
        <div className="kiln-qp-input-row">
          <input
            ref={inputRef}
            className="kiln-qp-input"
            data-testid="quick-pick-input"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder={props.placeholder}
            aria-label={props.ariaLabel}
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-activedescendant={activeItem ? rowId(activeItem) : undefined}
            value={props.value}
            onChange={(e) => props.onValueChange(e.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        {props.message ? (
          <div className={`kiln-qp-message ${props.messageKind === 'error' ? 'kiln-qp-message-error' : ''}`} role="status">
            {props.message}
          </div>
        ) : null}
        <div
          className="kiln-qp-list"
          id={listId}
          role="listbox"
          // Clicking a row must not take focus from the input.
          onMouseDown={(e) => e.preventDefault()}
        >
          {items.map((item, i) => (
            <QuickPickRow
              key={item.key}
              item={item}
              id={rowId(item)}
              active={i === active}
              activeRef={i === active ? activeRef : undefined}
              onAccept={acceptRow}
            />
          ))}
          {items.length === 0 ? <div className="kiln-qp-empty">{props.emptyText}</div> : null}
        </div>
      </div>
    </div>
  )
}

const sameNumbers = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]))

interface RowProps {
  item: QuickPickItem
  id: string
  active: boolean
  activeRef: Ref<HTMLDivElement> | undefined
  onAccept(item: QuickPickItem): void
}

// Typing re-ranks up to 200 rows per keystroke; rows whose text and highlights did not change skip rendering.
const QuickPickRow = memo(
  function QuickPickRow({ item, id, active, activeRef, onAccept }: RowProps) {
    return (
      <div className="kiln-qp-row-wrap">
        {item.separator ? <div className="kiln-qp-separator">{item.separator}</div> : null}
        <div
          ref={activeRef}
          id={id}
          className={`kiln-qp-item ${active ? 'kiln-qp-item-active' : ''}`}
          data-testid="quick-pick-item"
          role="option"
          aria-selected={active}
          onClick={() => onAccept(item)}
          title={item.description ? `${item.label} — ${item.description}` : item.label}
        >
          <span className="kiln-qp-text">
            <Highlighted className="kiln-qp-label" text={item.label} positions={item.labelPositions} />
            {item.description ? (
              <Highlighted className="kiln-qp-desc" text={item.description} positions={item.descriptionPositions} />
            ) : null}
          </span>
          {item.keybinding ? <KeyCaps binding={item.keybinding} /> : null}
        </div>
      </div>
    )
  },
  (a, b) =>
    a.id === b.id &&
    a.active === b.active &&
    a.activeRef === b.activeRef &&
    a.onAccept === b.onAccept &&
    a.item.label === b.item.label &&
    a.item.description === b.item.description &&
    a.item.keybinding === b.item.keybinding &&
    a.item.separator === b.item.separator &&
    sameNumbers(a.item.labelPositions, b.item.labelPositions) &&
    sameNumbers(a.item.descriptionPositions, b.item.descriptionPositions),
)
