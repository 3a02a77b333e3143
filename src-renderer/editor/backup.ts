// Hot exit: a dirty buffer is copied to main's backup store about a second after typing stops,
// and the copy is removed once the buffer is saved, reverted or discarded.
import { api } from '../api'
import { useEditors } from '../store/editors'
import { notify } from '../store/notifications'
import { useSettings } from '../store/settings'
import { getModel, isModelDirty } from './models'

export const BACKUP_DELAY_MS = 1000

const timers = new Map<string, ReturnType<typeof setTimeout>>()
/** Paths with a backup on disk (written by us, or restored at start). */
const written = new Set<string>()
let warned = false

export function scheduleBackup(path: string): void {
  if (useSettings.getState().values['files.hotExit'] === false) return
  clearTimeout(timers.get(path))
  timers.set(
    path,
    setTimeout(() => {
      timers.delete(path)
      void writeBackup(path)
    }, BACKUP_DELAY_MS),
  )
}

/** Writes in flight: a clear waits for them, or a late write could outlive the clear. */
const inflight = new Map<string, Promise<unknown>>()

async function writeBackup(path: string): Promise<void> {
  const model = getModel(path)
  const b = useEditors.getState().buffers[path]
  if (!model || !b || !isModelDirty(path)) return
  const call = api.call('backup:write', { path, content: model.getValue(), baseMtimeMs: b.mtimeMs })
  inflight.set(path, call)
  const r = await call
  if (inflight.get(path) === call) inflight.delete(path)
  if (r.ok) written.add(path)
  else if (!warned) {
    warned = true // once: a failing backup store must not bury the user in toasts
    notify('warning', `Unsaved changes could not be backed up: ${r.message}`)
  }
}

/** Removes the backup of `path`; `force` also when this session never wrote one (restored ones). */
export function clearBackup(path: string, force = false): void {
  clearTimeout(timers.get(path))
  timers.delete(path)
  if (!written.has(path) && !force && !inflight.has(path)) return
  written.delete(path)
  const pending = inflight.get(path) ?? Promise.resolve()
  void pending.then(() => api.call('backup:clear', { path }))
}

export const markBackedUp = (path: string): void => void written.add(path)

/** Stops pending work for a released buffer; its backup (if any) was cleared by whoever released it. */
export function forgetBackup(path: string): void {
  clearTimeout(timers.get(path))
  timers.delete(path)
  written.delete(path)
}

/** Writes pending backups now (the page is going away). */
export function flushBackups(): void {
  for (const [path, t] of timers) {
    clearTimeout(t)
    timers.delete(path)
    void writeBackup(path)
  }
}
