// The file tree. Rows are a flat list computed from the loaded folders (tree.ts); keyboard: arrows
// move, Enter opens, F2 renames, Delete deletes; right click for the menu.
import { useEffect, useMemo, useRef, useState } from 'react'
import type { DirEntry } from '../../../src-preload/contract'
import { openFile } from '../../editor/buffers'
import { activeTab, isFileTab } from '../../editor/groups'
import { useEditors } from '../../store/editors'
import { useUi } from '../../store/ui'
import { useWorkspace } from '../../store/workspace'
import { ContextMenu, type MenuItem } from '../../workbench/ContextMenu'
import { KEYS } from '../../workbench/keybindings'
import { commitNew, commitRename, deleteEntry, revealPath, startNew, startRename, toggleDir } from './explorer-actions'
import { ExplorerRow, NewEntryRow } from './ExplorerRow'
import { visibleRows } from './tree'

export function Explorer() {
  const info = useWorkspace((s) => s.info)
  const children = useWorkspace((s) => s.children)
  const expanded = useWorkspace((s) => s.expanded)
  const edit = useWorkspace((s) => s.edit)
  const selected = useWorkspace((s) => s.selected)
  const revealToken = useWorkspace((s) => s.revealToken)
  const rootLoaded = useWorkspace((s) => s.children[''] !== undefined)
  const activeFile = useEditors((s) => {
    const id = activeTab(s.groups)
    return id !== null && isFileTab(id) ? id : null
  })
  const [menu, setMenu] = useState<{ x: number; y: number; entry: DirEntry | null } | null>(null)
  const list = useRef<HTMLDivElement>(null)

  const rows = useMemo(() => visibleRows(children, expanded, edit?.type === 'new' ? edit : null), [children, expanded, edit])

  // Follow the active editor (VS Code's explorer.autoReveal).
  useEffect(() => {
    if (activeFile) void revealPath(activeFile)
  }, [activeFile, rootLoaded])

  useEffect(() => {
    list.current?.querySelector('[data-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [revealToken])

  if (!info) {
    return (
      <div className="kiln-explorer-empty" data-testid="explorer">
        <p>You have not yet opened a folder.</p>
        <button type="button" className="kiln-button primary" onClick={() => useUi.getState().setOverlay('openFolder')}>
          Open Folder
        </button>
      </div>
    )
  }

  // As in VS Code: a click opens the file and leaves focus in the tree (arrow keys keep working);
  // a double click or Enter moves focus into the editor.
  const open = (e: DirEntry, focusEditor = false): void => {
    useWorkspace.getState().select(e)
    if (e.kind === 'dir') void toggleDir(e.path)
    else void openFile(e.path, { focus: focusEditor })
  }

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (edit || (e.target as HTMLElement).tagName === 'INPUT') return
    const entries = rows.flatMap((r) => (r.type === 'entry' ? [r] : []))
    const i = entries.findIndex((r) => r.entry.path === selected?.path)
    const sel = (k: number): void => {
      const r = entries[Math.max(0, Math.min(entries.length - 1, k))]
      if (r) useWorkspace.setState((s) => ({ selected: r.entry, revealToken: s.revealToken + 1 }))
    }
    const cur = entries[i]
    if (e.key === 'ArrowDown') sel(i + 1)
    else if (e.key === 'ArrowUp') sel(i < 0 ? 0 : i - 1)
    else if (e.key === 'ArrowRight' && cur?.entry.kind === 'dir') void toggleDir(cur.entry.path, true)
    else if (e.key === 'ArrowLeft' && cur?.entry.kind === 'dir' && cur.expanded) void toggleDir(cur.entry.path, false)
    else if (e.key === 'Enter' && cur) open(cur.entry, true)
    else if (e.key === 'F2' && cur) startRename(cur.entry.path)
    else if (e.key === 'Delete' && cur) void deleteEntry(cur.entry)
    else return
    e.preventDefault()
  }

  const menuItems = (entry: DirEntry | null): (MenuItem | 'separator')[] => {
    const base: (MenuItem | 'separator')[] = [
      { label: 'New File…', keybinding: KEYS.newFile, run: () => void startNew('file') },
      { label: 'New Folder…', run: () => void startNew('dir') },
    ]
    if (!entry) return base
    return [
      ...base,
      'separator',
      { label: 'Rename…', keybinding: 'F2', run: () => startRename(entry.path) },
      { label: 'Delete', keybinding: 'Delete', danger: true, run: () => void deleteEntry(entry) },
      'separator',
      { label: 'Copy Relative Path', run: () => void navigator.clipboard?.writeText(entry.path) },
    ]
  }

  return (
    <div
      ref={list}
      className="kiln-explorer"
      data-testid="explorer"
      role="tree"
      aria-label={`Files in ${info.name}`}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => {
        e.preventDefault()
        useWorkspace.getState().select(null)
        setMenu({ x: e.clientX, y: e.clientY, entry: null })
      }}
    >
      {rows.map((row) =>
        row.type === 'new' ? (
          <NewEntryRow
            key={`new:${row.dir}`}
            depth={row.depth}
            kind={row.kind}
            onCommit={(name) => commitNew(row.dir, row.kind, name)}
            onCancel={() => useWorkspace.getState().setEdit(null)}
          />
        ) : (
          <ExplorerRow
            key={row.entry.path}
            entry={row.entry}
            depth={row.depth}
            expanded={row.expanded}
            selected={selected?.path === row.entry.path}
            active={activeFile === row.entry.path}
            renaming={edit?.type === 'rename' && edit.path === row.entry.path}
            onOpen={() => open(row.entry)}
            onFocusEditor={() => {
              if (row.entry.kind === 'file') void openFile(row.entry.path)
            }}
            onRename={(name) => commitRename(row.entry.path, name)}
            onCancelRename={() => useWorkspace.getState().setEdit(null)}
            onContextMenu={(x, y) => {
              useWorkspace.getState().select(row.entry)
              setMenu({ x, y, entry: row.entry })
            }}
          />
        ),
      )}
      {rows.length === 0 && rootLoaded && <p className="kiln-sidebar-empty">This folder is empty.</p>}
      {menu && <ContextMenu x={menu.x} y={menu.y} items={menuItems(menu.entry)} onClose={() => setMenu(null)} />}
    </div>
  )
}
