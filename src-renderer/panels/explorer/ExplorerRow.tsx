// One row of the file tree, and the inline name inputs (new entry, rename).
import { useEffect, useRef, useState } from 'react'
import type { DirEntry } from '../../../src-preload/contract'
import { ChevronIcon, FolderIcon } from '../../workbench/icons'
import { FileTypeIcon } from './FileTypeIcon'
import type { NewKind } from './tree'

const INDENT = 12
const pad = (depth: number): number => 8 + depth * INDENT

interface RowProps {
  entry: DirEntry
  depth: number
  expanded: boolean
  selected: boolean
  active: boolean
  renaming: boolean
  onOpen(): void
  onFocusEditor(): void
  onRename(name: string): Promise<string | null>
  onCancelRename(): void
  onContextMenu(x: number, y: number): void
}

export function ExplorerRow(p: RowProps) {
  const { entry } = p
  const isDir = entry.kind === 'dir'
  return (
    <div
      className={`kiln-tree-row${p.selected ? ' selected' : ''}${p.active ? ' active-file' : ''}`}
      role="treeitem"
      aria-expanded={isDir ? p.expanded : undefined}
      aria-selected={p.selected}
      data-testid="explorer-item"
      data-path={entry.path}
      data-kind={entry.kind}
      data-selected={p.selected ? 'true' : 'false'}
      style={{ paddingLeft: pad(p.depth) }}
      title={entry.path}
      onClick={() => !p.renaming && p.onOpen()}
      onDoubleClick={() => !p.renaming && p.onFocusEditor()}
      onContextMenu={(e) => {
        e.preventDefault()
        e.stopPropagation()
        p.onContextMenu(e.clientX, e.clientY)
      }}
    >
      <span className="kiln-tree-twistie">{isDir && <ChevronIcon size={16} open={p.expanded} />}</span>
      {isDir ? <FolderIcon size={16} open={p.expanded} className="kiln-tree-folder" /> : <FileTypeIcon path={entry.path} />}
      {p.renaming ? (
        <InlineInput initial={entry.name} selectStem={!isDir} onCommit={p.onRename} onCancel={p.onCancelRename} />
      ) : (
        <span className="kiln-tree-label">{entry.name}</span>
      )}
    </div>
  )
}

export function NewEntryRow({ depth, kind, onCommit, onCancel }: { depth: number; kind: NewKind; onCommit(name: string): Promise<string | null>; onCancel(): void }) {
  return (
    <div className="kiln-tree-row editing" style={{ paddingLeft: pad(depth) }} data-testid="explorer-new-entry">
      <span className="kiln-tree-twistie" />
      {kind === 'dir' ? <FolderIcon size={16} className="kiln-tree-folder" /> : <FileTypeIcon path="" />}
      <InlineInput initial="" selectStem={false} onCommit={onCommit} onCancel={onCancel} />
    </div>
  )
}

/**
 * A name input: Enter commits (an error from the commit stays shown under it), Escape cancels, and
 * leaving it commits a non-empty name, as in VS Code.
 */
function InlineInput({ initial, selectStem, onCommit, onCancel }: { initial: string; selectStem: boolean; onCommit(name: string): Promise<string | null>; onCancel(): void }) {
  const ref = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)

  useEffect(() => {
    const input = ref.current
    if (!input) return
    input.focus()
    const dot = initial.lastIndexOf('.')
    input.setSelectionRange(0, selectStem && dot > 0 ? dot : initial.length)
  }, [initial, selectStem])

  const commit = async (): Promise<void> => {
    if (busy.current) return
    const value = ref.current?.value ?? ''
    if (value.trim() === '' || value === initial) return onCancel()
    busy.current = true
    const e = await onCommit(value)
    busy.current = false
    setError(e)
    if (e) ref.current?.focus()
  }

  return (
    <span className="kiln-inline-input">
      <input
        ref={ref}
        defaultValue={initial}
        aria-label={initial ? `Rename ${initial}` : 'Name'}
        aria-invalid={error !== null}
        data-testid="explorer-input"
        spellCheck={false}
        onClick={(e) => e.stopPropagation()}
        onChange={() => setError(null)}
        onKeyDown={(e) => {
          e.stopPropagation()
          if (e.key === 'Enter') void commit()
          else if (e.key === 'Escape') onCancel()
        }}
        onBlur={() => {
          if (!error) void commit()
        }}
      />
      {error && <span className="kiln-inline-error" role="alert">{error}</span>}
    </span>
  )
}
