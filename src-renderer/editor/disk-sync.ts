// Open buffers follow the disk: a file changed on disk reloads silently when its buffer is clean
// and raises the conflict bar when it is dirty; a deleted file gets a notice. Every event is
// checked against the disk (read + mtime), because an atomic save shows up to a watcher as
// delete/create or change events for our own write.
import type { FileChange } from '../../src-preload/contract'
import { api } from '../api'
import { useEditors } from '../store/editors'
import { isWithin } from '../workbench/paths'
import { clearBackup } from './backup'
import { afterSave } from './buffers'
import { getModel, markSaved, replaceText } from './models'
import { scheduleAnalyze } from './syntax'

const running = new Map<string, Promise<void>>()
const again = new Set<string>()

export function handleDiskChanges(changes: FileChange[]): void {
  const { buffers } = useEditors.getState()
  const paths = new Set<string>()
  for (const c of changes) {
    if (buffers[c.path]) paths.add(c.path)
    // A deleted folder takes its files with it; watchers may only report the folder.
    if (c.kind === 'deleted') for (const p of Object.keys(buffers)) if (isWithin(p, c.path)) paths.add(p)
  }
  for (const p of paths) checkBuffer(p)
}

/** Runs checks one at a time per path; a check requested while one runs runs once more after it. */
function checkBuffer(path: string): void {
  if (running.has(path)) {
    again.add(path)
    return
  }
  const run = check(path).finally(() => {
    running.delete(path)
    if (again.delete(path)) checkBuffer(path)
  })
  running.set(path, run)
}

async function check(path: string): Promise<void> {
  const st = useEditors.getState()
  const b = st.buffers[path]
  if (!b || b.status !== 'ready') return
  if (b.saving) {
    afterSave.set(path, () => checkBuffer(path))
    return
  }
  const r = await api.call('workspace:read', { path })
  const now = useEditors.getState().buffers[path]
  if (!now || now.saving) return
  const patch = (p: Parameters<typeof st.patchBuffer>[1]): void => useEditors.getState().patchBuffer(path, p)
  if (!r.ok) {
    if (r.code === 'NOT_FOUND') patch({ conflict: 'deleted' })
    return
  }
  const disk = r.value
  if (disk.mtimeMs === now.mtimeMs && now.conflict === null) return // our own save, or nothing new
  if (now.readOnly === 'binary' || disk.readOnly === 'binary') {
    patch({ mtimeMs: disk.mtimeMs, conflict: null, readOnly: disk.readOnly })
    return
  }
  const model = getModel(path)
  if (!model) return
  if (model.getValue() === disk.content) {
    // Same text (e.g. touched, or the same edit made elsewhere): adopt the disk version.
    markSaved(path)
    patch({ mtimeMs: disk.mtimeMs, conflict: null, dirty: false })
    clearBackup(path, true)
    return
  }
  if (!now.dirty) {
    replaceText(path, disk.content)
    markSaved(path)
    patch({ mtimeMs: disk.mtimeMs, conflict: null, dirty: false, readOnly: disk.readOnly })
    scheduleAnalyze(path, 0)
    return
  }
  patch({ conflict: 'changed' })
}
