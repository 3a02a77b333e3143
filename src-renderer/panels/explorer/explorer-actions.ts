// What the explorer does: load folders lazily, follow disk changes, create, rename, delete, reveal.
import type { DirEntry, FileChange } from '../../../src-preload/contract'
import { api } from '../../api'
import { dropTabs, openFile } from '../../editor/buffers'
import { renameBuffers } from '../../editor/rename'
import { callOrNotify, notifyError } from '../../notifications/call'
import { ask } from '../../store/dialog'
import { useEditors } from '../../store/editors'
import { useLayout } from '../../store/layout'
import { notify } from '../../store/notifications'
import { useWorkspace } from '../../store/workspace'
import { ancestors, basename, dirname, invalidName, isWithin, joinPath } from '../../workbench/paths'
import { pruneDeleted, sortEntries, staleFolders, targetFolder, type NewKind } from './tree'

const ws = useWorkspace

export async function loadDir(dir: string): Promise<void> {
  ws.setState((s) => ({ loading: { ...s.loading, [dir]: true } }))
  const r = await api.call('workspace:list', { path: dir })
  ws.setState((s) => ({ loading: { ...s.loading, [dir]: false } }))
  if (!ws.getState().info) return
  if (r.ok) {
    ws.setState((s) => ({ children: { ...s.children, [dir]: sortEntries(r.value) } }))
    return
  }
  if (r.code === 'NOT_FOUND' || r.code === 'NOT_A_DIRECTORY') {
    // Gone since it was expanded: forget it quietly, its parent's listing will drop it.
    ws.setState((s) => pruneDeleted(s.children, s.expanded, [dir]))
    return
  }
  notifyError(r, `Could not list ${dir || 'the folder'}`)
}

export async function toggleDir(path: string, open?: boolean): Promise<void> {
  const s = ws.getState()
  const next = open ?? !s.expanded[path]
  ws.setState({ expanded: { ...s.expanded, [path]: next } })
  if (next && !s.children[path]) await loadDir(path)
}

export function refreshFromChanges(changes: FileChange[]): void {
  const deleted = changes.filter((c) => c.kind === 'deleted').map((c) => c.path)
  ws.setState((s) => pruneDeleted(s.children, s.expanded, deleted))
  const s = ws.getState()
  for (const dir of staleFolders(changes, s.children)) void loadDir(dir)
  if (s.selected && deleted.some((d) => isWithin(s.selected!.path, d))) ws.setState({ selected: null })
}

export function refreshAll(): void {
  for (const dir of Object.keys(ws.getState().children)) void loadDir(dir)
}

export function collapseAll(): void {
  ws.setState({ expanded: {} })
}

/** Shows the inline input for a new file or folder in the selected folder (or beside the selected file). */
export async function startNew(kind: NewKind): Promise<void> {
  if (!ws.getState().info) return
  useLayout.getState().showView('explorer')
  const dir = targetFolder(ws.getState().selected)
  if (dir !== '') await toggleDir(dir, true)
  ws.setState({ edit: { type: 'new', dir, kind } })
}

/** Creates what the inline input named; returns an error message to show in the input, or null. */
export async function commitNew(dir: string, kind: NewKind, name: string): Promise<string | null> {
  const bad = invalidName(name)
  if (bad) return bad
  const path = joinPath(dir, name.trim())
  const r = await api.call('workspace:create', { path, kind })
  if (!r.ok) {
    if (r.code === 'EXISTS') return `A file or folder ${basename(path)} already exists here.`
    notifyError(r, `Could not create ${path}`)
    return null
  }
  ws.setState({ edit: null, selected: r.value })
  await loadDir(dirname(path))
  if (kind === 'file') await openFile(path)
  return null
}

export function startRename(path: string): void {
  ws.setState({ edit: { type: 'rename', path } })
}

export async function commitRename(path: string, name: string): Promise<string | null> {
  const trimmed = name.trim()
  if (trimmed === basename(path)) {
    ws.setState({ edit: null })
    return null
  }
  const bad = invalidName(trimmed)
  if (bad) return bad
  const to = joinPath(dirname(path), trimmed)
  const r = await api.call('workspace:rename', { from: path, to })
  if (!r.ok) {
    if (r.code === 'EXISTS') return `A file or folder ${trimmed} already exists here.`
    notifyError(r, `Could not rename ${path}`)
    return null
  }
  ws.setState((s) => ({ edit: null, ...pruneDeleted(s.children, s.expanded, [path]) }))
  renameBuffers(path, to)
  await Promise.all([loadDir(dirname(path)), loadDir(dirname(to))])
  const entry = ws.getState().children[dirname(to)]?.find((e) => e.path === to)
  if (entry) ws.setState({ selected: entry })
  return null
}

export async function deleteEntry(entry: DirEntry): Promise<void> {
  const what = entry.kind === 'dir' ? `the folder '${entry.name}' and its contents` : `'${entry.name}'`
  const a = await ask({
    title: `Are you sure you want to delete ${what}?`,
    message: 'Kiln moves it to the trash where the system has one.',
    buttons: [
      { action: 'delete', label: 'Delete', primary: true },
      { action: 'cancel', label: 'Cancel' },
    ],
    cancelAction: 'cancel',
  })
  if (a !== 'delete') return
  const r = await callOrNotify('workspace:delete', { path: entry.path }, `Could not delete ${entry.name}`)
  if (!r) return
  notify('info', r.trashed ? `Moved '${entry.name}' to the trash.` : `Deleted '${entry.name}' permanently (no trash here).`)
  // Clean tabs of what was deleted close; unsaved ones stay, marked deleted, so nothing is lost.
  for (const b of Object.values(useEditors.getState().buffers)) {
    if (isWithin(b.path, entry.path) && !b.dirty) dropTabs(b.path)
  }
  refreshFromChanges([{ path: entry.path, kind: 'deleted' }])
}

/** Expands the folders above `path`, selects it and scrolls it into view. */
export async function revealPath(path: string): Promise<void> {
  if (!ws.getState().info) return
  for (const dir of ancestors(path)) await toggleDir(dir, true)
  const entry = ws.getState().children[dirname(path)]?.find((e) => e.path === path)
  if (entry) ws.setState((s) => ({ selected: entry, revealToken: s.revealToken + 1 }))
}
