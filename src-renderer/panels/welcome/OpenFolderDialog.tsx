// Open Folder: the native dialog where the host has one (Electron); in the browser host, which
// answers UNSUPPORTED, an in-app picker over 'workspace:browseFolders'.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { api } from '../../api'
import type { FolderListing, Result } from '../../../src-preload/contract'
import { expandHome, joinPath } from './folderPath'
import './folderpicker.css'

type Mode = { kind: 'asking' } | { kind: 'picker'; notice: string | null }

export function OpenFolderDialog(props: { onOpen(path: string): void; onCancel(): void }) {
  const { onOpen, onCancel } = props
  const [mode, setMode] = useState<Mode>({ kind: 'asking' })
  // One native dialog per mount, even when effects run twice (React's StrictMode in development).
  const asked = useRef<Promise<Result<string | null>> | null>(null)

  useEffect(() => {
    let live = true
    asked.current ??= api.call('workspace:pickFolder', {})
    asked.current.then(
      (r) => {
        if (!live) return
        if (r.ok) {
          if (r.value) onOpen(r.value)
          else onCancel()
        } else if (r.code === 'UNSUPPORTED') setMode({ kind: 'picker', notice: null })
        else setMode({ kind: 'picker', notice: `The system folder dialog failed: ${r.message}` })
      },
      (e: unknown) => live && setMode({ kind: 'picker', notice: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
    // Ask once per mount: a new callback identity must not reopen the native dialog.
  }, [])

  if (mode.kind === 'asking') return null
  return <FolderPicker notice={mode.notice} onOpen={onOpen} onCancel={onCancel} />
}

function FolderPicker(props: { notice: string | null; onOpen(path: string): void; onCancel(): void }) {
  const { onOpen, onCancel } = props
  const [listing, setListing] = useState<FolderListing | null>(null)
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState(0)
  const [loading, setLoading] = useState(false)
  const dialogRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const request = useRef(0)

  const navigate = useCallback((path: string | undefined): void => {
    const n = ++request.current
    setLoading(true)
    api.call('workspace:browseFolders', path === undefined ? {} : { path }).then(
      (r) => {
        if (n !== request.current) return
        setLoading(false)
        if (r.ok) {
          setListing(r.value)
          setTyped(r.value.path)
          setSelected(0)
          setError(null)
        } else setError(r.message)
      },
      (e: unknown) => {
        if (n !== request.current) return
        setLoading(false)
        setError(e instanceof Error ? e.message : String(e))
      },
    )
  }, [])

  useEffect(() => {
    navigate(undefined)
    inputRef.current?.focus()
  }, [navigate])

  // '..' first when there is a parent, then the sub-folders.
  const entries: { name: string; path: string }[] = listing
    ? [
        ...(listing.parent !== null ? [{ name: '..', path: listing.parent }] : []),
        ...listing.dirs.map((d) => ({ name: d, path: joinPath(listing.path, d) })),
      ]
    : []

  useEffect(() => {
    listRef.current?.querySelector('.kiln-fp-entry-selected')?.scrollIntoView({ block: 'nearest' })
  }, [selected, listing])

  const onDialogKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      onCancel()
    } else if (e.key === 'Tab') {
      // Keep focus inside the modal.
      const focusables = dialogRef.current?.querySelectorAll<HTMLElement>('input, button:not(:disabled), [tabindex="0"]')
      if (!focusables || focusables.length === 0) return
      const first = focusables[0]
      const last = focusables[focusables.length - 1]
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault()
        first.focus()
      }
    }
  }

  const onInputKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault()
      const path = expandHome(typed.trim(), listing?.home ?? null)
      if (path) navigate(path)
    } else if (e.key === 'ArrowDown' && entries.length > 0) {
      e.preventDefault()
      listRef.current?.focus()
    }
  }

  const onListKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const entry = entries[selected]
    if (e.key === 'ArrowDown') setSelected(Math.min(entries.length - 1, selected + 1))
    else if (e.key === 'ArrowUp') {
      if (selected === 0) inputRef.current?.focus()
      else setSelected(selected - 1)
    } else if (e.key === 'Home') setSelected(0)
    else if (e.key === 'End') setSelected(entries.length - 1)
    else if (e.key === 'Enter' && entry) navigate(entry.path)
    else if (e.key === 'Backspace' && listing?.parent != null) navigate(listing.parent)
    else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Type-ahead: jump to the next folder starting with that character.
      const c = e.key.toLowerCase()
      for (let k = 1; k <= entries.length; k++) {
        const i = (selected + k) % entries.length
        if (entries[i].name.toLowerCase().startsWith(c)) {
          setSelected(i)
          break
        }
      }
    } else return
    e.preventDefault()
  }

  return (
    <div className="kiln-fp-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        ref={dialogRef}
        className="kiln-fp"
        data-testid="folder-picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby="kiln-fp-title"
        onKeyDown={onDialogKeyDown}
      >
        <div className="kiln-fp-head">
          <h2 id="kiln-fp-title" className="kiln-fp-title">
            Open Folder
          </h2>
          <button
            type="button"
            className="kiln-fp-home"
            disabled={!listing}
            onClick={() => listing && navigate(listing.home)}
            title="Go to your home folder"
          >
            Home
          </button>
        </div>
        {props.notice ? <div className="kiln-fp-notice">{props.notice}</div> : null}
        <input
          ref={inputRef}
          className="kiln-fp-path"
          data-testid="folder-picker-path"
          type="text"
          spellCheck={false}
          autoComplete="off"
          aria-label="Folder path (Enter to go there)"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={onInputKeyDown}
        />
        {error ? (
          <div className="kiln-fp-error" role="alert">
            {error}
          </div>
        ) : null}
        <div
          ref={listRef}
          className={`kiln-fp-list ${loading ? 'kiln-fp-loading' : ''}`}
          role="listbox"
          aria-label="Folders"
          tabIndex={0}
          onKeyDown={onListKeyDown}
        >
          {listing && entries.length === 0 ? <div className="kiln-fp-empty">No sub-folders</div> : null}
          {!listing && !error ? <div className="kiln-fp-empty">Loading…</div> : null}
          {entries.map((entry, i) => (
            <div
              key={entry.path + entry.name}
              className={`kiln-fp-entry ${i === selected ? 'kiln-fp-entry-selected' : ''}`}
              data-testid="folder-picker-entry"
              data-name={entry.name}
              data-path={entry.path}
              role="option"
              aria-selected={i === selected}
              title={entry.name === '..' ? 'Parent folder' : entry.path}
              onClick={() => setSelected(i)}
              onDoubleClick={() => navigate(entry.path)}
            >
              <span className="kiln-fp-icon" aria-hidden>
                {entry.name === '..' ? '↰' : '▸'}
              </span>
              {entry.name}
            </div>
          ))}
        </div>
        <div className="kiln-fp-foot">
          <span className="kiln-fp-hint" title={listing?.path}>
            {listing ? (
              <>
                Open will use <code className="kiln-fp-current">{listing.path}</code>. Double-click or Enter goes into a sub-folder.
              </>
            ) : null}
          </span>
          <button type="button" className="kiln-fp-button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="kiln-fp-button kiln-fp-primary"
            data-testid="folder-picker-open"
            disabled={!listing || loading}
            onClick={() => listing && onOpen(listing.path)}
          >
            Open
          </button>
        </div>
      </div>
    </div>
  )
}
