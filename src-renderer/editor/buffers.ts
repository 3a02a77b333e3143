// Open files: loading into models, saving (atomic on main's side, guarded by the mtime the buffer
// is based on), reverting, and closing tabs with the save prompt.
import type { Err, FileContent } from '../../src-preload/contract'
import { api } from '../api'
import { notifyError } from '../notifications/call'
import { ask } from '../store/dialog'
import { useEditors, type BufferMeta } from '../store/editors'
import { notify } from '../store/notifications'
import { useOutline } from '../store/outline'
import { useSettings } from '../store/settings'
import { editorPrefs } from '../workbench/format'
import { basename } from '../workbench/paths'
import { clearBackup, forgetBackup, scheduleBackup } from './backup'
import { moveViewStates } from './editor-registry'
import { closeTab, groupsWith, isFileTab, isOpen, openTab, type TabId } from './groups'
import { loadMonaco } from './monaco-loader'
import { createModel, disposeModel, getModel, isModelDirty, markSaved, replaceText, setContentListener } from './models'
import { forgetSyntax, scheduleAnalyze } from './syntax'

const loading = new Map<string, Promise<Err | null>>()
/** Paths whose disk state must be re-checked once a save in flight finishes (disk-sync.ts). */
export const afterSave = new Map<string, () => void>()

const meta = (path: string): BufferMeta | undefined => useEditors.getState().buffers[path]
const patch = (path: string, p: Partial<BufferMeta>): void => useEditors.getState().patchBuffer(path, p)

setContentListener((path) => {
  const dirty = isModelDirty(path)
  patch(path, { dirty })
  if (dirty) scheduleBackup(path)
  else clearBackup(path)
  scheduleAnalyze(path)
})

function addBuffer(path: string, m: Partial<BufferMeta>): void {
  useEditors.setState((s) => ({
    buffers: {
      ...s.buffers,
      [path]: { path, status: 'loading', readOnly: null, mtimeMs: null, dirty: false, conflict: null, saving: false, ...m },
    },
  }))
}

async function applyContent(path: string, file: FileContent): Promise<void> {
  if (file.readOnly === 'binary') {
    patch(path, { status: 'ready', readOnly: 'binary', mtimeMs: file.mtimeMs })
    return
  }
  const monaco = await loadMonaco()
  if (!meta(path)) return // closed while loading
  const model = createModel(monaco, path, file.content)
  // The file's own indentation when it has one, else the settings'.
  const prefs = editorPrefs(useSettings.getState().values)
  model.detectIndentation(prefs.insertSpaces, prefs.tabSize)
  patch(path, { status: 'ready', readOnly: file.readOnly, mtimeMs: file.mtimeMs, dirty: false, conflict: null })
  scheduleAnalyze(path, 0)
}

/** Loads a file into a buffer once; resolves with the error when it could not be read. */
export function ensureBuffer(path: string): Promise<Err | null> {
  const b = meta(path)
  if (b?.status === 'ready') return Promise.resolve(null)
  let p = loading.get(path)
  if (p) return p
  if (!b) addBuffer(path, {})
  p = (async () => {
    const r = await api.call('workspace:read', { path })
    if (!r.ok) return r
    await applyContent(path, r.value)
    return null
  })().finally(() => loading.delete(path))
  loading.set(path, p)
  return p
}

export interface OpenOptions {
  /** Group index; the active group by default. */
  group?: number
  line?: number
  column?: number
  focus?: boolean
}

/** Opens a file in a tab (loading it if needed) and focuses its editor, optionally at a line. */
export async function openFile(path: string, opts: OpenOptions = {}): Promise<boolean> {
  const st = useEditors.getState()
  st.setGroups((g) => openTab(g, path, { group: opts.group }))
  const g = useEditors.getState().groups
  const group = g.groups[g.activeGroup]!
  if (opts.focus !== false) {
    useEditors.setState({ focusRequest: { groupId: group.id, path, line: opts.line, column: opts.column, token: Date.now() + Math.random() } })
  }
  const e = await ensureBuffer(path)
  if (e) {
    notifyError(e, `Could not open ${path}`)
    dropTabs(path)
    return false
  }
  return true
}

/** Removes a path's tabs everywhere and releases its buffer (no prompt: the caller decided). */
export function dropTabs(path: string): void {
  useEditors.getState().setGroups((g) => {
    let out = g
    for (const i of groupsWith(out, path).reverse()) out = closeTab(out, i, path)
    return out
  })
  releaseIfClosed(path)
}

/** Disposes a buffer no tab shows any more. */
export function releaseIfClosed(path: string): void {
  const s = useEditors.getState()
  if (!isFileTab(path) || isOpen(s.groups, path) || !s.buffers[path]) return
  disposeModel(path)
  forgetSyntax(path)
  forgetBackup(path)
  moveViewStates(path, null)
  useOutline.getState().setFile(path, null)
  useEditors.setState((st) => {
    const buffers = { ...st.buffers }
    delete buffers[path]
    return { buffers }
  })
}

/**
 * Saves a buffer. `overwrite` skips the on-disk change check (the conflict bar's Overwrite).
 * A file deleted on disk is recreated. Returns whether the text is now on disk.
 */
export async function saveFile(path: string, opts: { overwrite?: boolean } = {}): Promise<boolean> {
  const b = meta(path)
  const model = getModel(path)
  if (!b || !model || b.status !== 'ready') return false
  if (b.readOnly) {
    notify('warning', `${basename(path)} is read-only in Kiln (${b.readOnly === 'binary' ? 'binary' : 'over 20 MB'}).`)
    return false
  }
  if (b.saving) return false
  // An undo stop at the save, so undoing later edits comes back to exactly the saved text (clean).
  model.pushStackElement()
  const version = model.getAlternativeVersionId()
  const expectedMtimeMs = opts.overwrite || b.conflict === 'deleted' ? null : b.mtimeMs
  patch(path, { saving: true })
  const r = await api.call('workspace:write', { path, content: model.getValue(), expectedMtimeMs })
  patch(path, { saving: false })
  try {
    if (r.ok) {
      markSaved(path, version)
      patch(path, { mtimeMs: r.value.mtimeMs, conflict: null, dirty: isModelDirty(path) })
      if (!isModelDirty(path)) clearBackup(path, true)
      return true
    }
    if (r.code === 'CONFLICT') {
      patch(path, { conflict: 'changed' })
      notify('warning', `${basename(path)} changed on disk. Choose Overwrite or Reload from Disk.`)
    } else notifyError(r, `Could not save ${path}`)
    return false
  } finally {
    const recheck = afterSave.get(path)
    afterSave.delete(path)
    recheck?.()
  }
}

export async function saveAll(): Promise<boolean> {
  const dirty = Object.values(useEditors.getState().buffers).filter((b) => b.dirty && !b.readOnly)
  const results = await Promise.all(dirty.map((b) => saveFile(b.path)))
  return results.every(Boolean)
}

/** Replaces the buffer with the file on disk, losing local changes (the caller confirmed). */
export async function reloadFromDisk(path: string): Promise<void> {
  const r = await api.call('workspace:read', { path })
  if (!r.ok) {
    notifyError(r, `Could not reload ${path}`)
    return
  }
  if (!getModel(path)) return
  replaceText(path, r.value.content)
  markSaved(path)
  patch(path, { mtimeMs: r.value.mtimeMs, conflict: null, dirty: false, readOnly: r.value.readOnly })
  clearBackup(path, true)
}

export async function confirmReload(path: string): Promise<void> {
  const a = await ask({
    title: `Discard your changes to ${basename(path)} and load the version on disk?`,
    message: 'This cannot be undone from the file on disk.',
    buttons: [
      { action: 'reload', label: 'Reload from Disk', primary: true },
      { action: 'cancel', label: 'Cancel' },
    ],
    cancelAction: 'cancel',
  })
  if (a === 'reload') await reloadFromDisk(path)
}

/** Save / Don't Save / Cancel for a set of dirty files. Resolves true when the caller may go on. */
export async function confirmDirty(paths: string[], what: string): Promise<boolean> {
  if (paths.length === 0) return true
  const names = paths.length === 1 ? basename(paths[0]!) : `${paths.length} files`
  const a = await ask({
    title: `Do you want to save the changes you made to ${names}?`,
    message: `Your changes will be lost if you don't save them before you ${what}.`,
    buttons: [
      { action: 'save', label: paths.length === 1 ? 'Save' : 'Save All', primary: true },
      { action: 'discard', label: "Don't Save" },
      { action: 'cancel', label: 'Cancel' },
    ],
    cancelAction: 'cancel',
  })
  if (a === 'cancel') return false
  if (a === 'save') return (await Promise.all(paths.map((p) => saveFile(p)))).every(Boolean)
  for (const p of paths) clearBackup(p, true)
  return true
}

/** Closes a tab of a group (by group id), asking first when this is the last view of unsaved work. */
export async function closeEditorTab(groupId: number, id: TabId): Promise<boolean> {
  const st = useEditors.getState()
  const b = isFileTab(id) ? st.buffers[id] : undefined
  if (b?.dirty && groupsWith(st.groups, id).length === 1) {
    if (!(await confirmDirty([id], 'close it'))) return false
  }
  useEditors.getState().setGroups((g) => {
    const i = g.groups.findIndex((x) => x.id === groupId)
    return i < 0 ? g : closeTab(g, i, id)
  })
  releaseIfClosed(id)
  return true
}

/** Forgets every buffer (folder closed or switched); the caller has dealt with unsaved work. */
export function releaseAll(): void {
  const paths = Object.keys(useEditors.getState().buffers)
  useEditors.setState((s) => ({ groups: { ...s.groups, groups: s.groups.groups.slice(0, 1).map((g) => ({ ...g, tabs: [], active: null, mru: [] })), activeGroup: 0 } }))
  for (const p of paths) releaseIfClosed(p)
}
