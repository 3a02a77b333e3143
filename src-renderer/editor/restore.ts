// What comes back when a folder opens: the tabs that were open (localStorage, per folder) and the
// unsaved buffers main backed up (hot exit), restored as dirty tabs.
import { api } from '../api'
import { useEditors } from '../store/editors'
import { notify } from '../store/notifications'
import { clearBackup, markBackedUp } from './backup'
import { dropTabs, ensureBuffer } from './buffers'
import { allTabs, isFileTab, isOpen, openTab, persistGroups, restoreGroups } from './groups'
import { loadMonaco } from './monaco-loader'
import { createModel, getModel, markUnsaved, replaceText } from './models'
import { scheduleAnalyze } from './syntax'

const key = (root: string): string => `kiln.editors:${root}`
let persistRoot: string | null = null
let timer: ReturnType<typeof setTimeout> | undefined

useEditors.subscribe((s, prev) => {
  if (s.groups === prev.groups || persistRoot === null) return
  const root = persistRoot
  clearTimeout(timer)
  timer = setTimeout(() => {
    try {
      localStorage.setItem(key(root), JSON.stringify(persistGroups(s.groups)))
    } catch {
      // Remembering tabs is a convenience.
    }
  }, 300)
})

/** Stops remembering tabs (the folder is closing) so its saved list is not wiped by the reset. */
export const stopPersisting = (): void => {
  clearTimeout(timer)
  persistRoot = null
}

/** Reopens the tabs that were open in this folder; files that are gone are dropped quietly. */
export async function restoreTabs(root: string): Promise<void> {
  let raw: unknown = null
  try {
    raw = JSON.parse(localStorage.getItem(key(root)) ?? 'null')
  } catch {
    raw = null
  }
  const groups = restoreGroups(raw)
  useEditors.setState({ groups })
  persistRoot = root
  const active = new Set(groups.groups.map((g) => g.active))
  // The visible tabs first: they are what the user looks at.
  const order = allTabs(groups).filter(isFileTab).sort((a, b) => Number(active.has(b)) - Number(active.has(a)))
  await Promise.all(
    order.map(async (path) => {
      if (await ensureBuffer(path)) dropTabs(path)
    }),
  )
}

/** Restores unsaved buffers backed up by a previous session, each into a dirty tab. */
export async function restoreBackups(): Promise<void> {
  const r = await api.call('backup:list', {})
  if (!r.ok || r.value.length === 0) return
  const monaco = await loadMonaco()
  let restored = 0
  let conflicts = 0
  for (const backup of r.value) {
    const { path } = backup
    const e = await ensureBuffer(path)
    const st = useEditors.getState()
    if (!isOpen(st.groups, path)) st.setGroups((g) => openTab(g, path, { group: 0, activate: restored === 0 && !g.groups[0]?.active }))
    if (e && e.code !== 'NOT_FOUND') continue // unreadable for another reason: leave the backup alone
    if (e) {
      // The file is gone: the backup is all there is; saving recreates it.
      createModel(monaco, path, backup.content)
      markUnsaved(path)
      useEditors.getState().patchBuffer(path, { status: 'ready', mtimeMs: null, dirty: true, conflict: 'deleted' })
    } else {
      const model = getModel(path)
      if (!model) continue // binary
      if (model.getValue() === backup.content) {
        clearBackup(path, true) // the disk already has this text
        continue
      }
      const b = useEditors.getState().buffers[path]!
      replaceText(path, backup.content)
      const changedOnDisk = backup.baseMtimeMs !== null && b.mtimeMs !== backup.baseMtimeMs
      if (changedOnDisk) conflicts++
      // Keeping the old base mtime makes a plain save answer CONFLICT instead of overwriting.
      useEditors.getState().patchBuffer(path, {
        dirty: true,
        conflict: changedOnDisk ? 'changed' : null,
        mtimeMs: changedOnDisk ? backup.baseMtimeMs : b.mtimeMs,
      })
    }
    markBackedUp(path)
    scheduleAnalyze(path, 0)
    restored++
  }
  if (restored > 0) {
    const also = conflicts > 0 ? ` (${conflicts} changed on disk since: resolve before saving)` : ''
    notify('info', `Restored ${restored} unsaved file${restored === 1 ? '' : 's'}${also}`)
  }
}
