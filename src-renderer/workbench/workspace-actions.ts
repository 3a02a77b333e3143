// Opening and closing the folder: the workspace slice, the explorer's root, the editors that
// belong to the folder (restored tabs and hot-exit backups).
import type { WorkspaceInfo } from '../../src-preload/contract'
import { confirmDirty, releaseAll } from '../editor/buffers'
import { restoreBackups, restoreTabs, stopPersisting } from '../editor/restore'
import { callOrNotify } from '../notifications/call'
import { dirtyPaths } from '../store/editors'
import { useWorkspace } from '../store/workspace'
import { loadDir } from '../panels/explorer/explorer-actions'

let opening: string | null = null

/** Applies a workspace main reports as open (our own open, the start-up folder, or an event). */
export async function workspaceOpened(info: WorkspaceInfo): Promise<void> {
  const current = useWorkspace.getState().info
  if ((current && current.root === info.root) || opening === info.root) return
  opening = info.root
  try {
    if (current) resetFolderState()
    useWorkspace.setState({ info, starting: false, children: {}, expanded: {}, loading: {}, selected: null, edit: null })
    document.title = `${info.name} — Kiln`
    void loadDir('')
    await restoreTabs(info.root)
    await restoreBackups()
  } finally {
    opening = null
  }
}

export function workspaceClosed(): void {
  resetFolderState()
  useWorkspace.setState({ info: null, starting: false, children: {}, expanded: {}, loading: {}, selected: null, edit: null })
  document.title = 'Kiln'
}

function resetFolderState(): void {
  stopPersisting()
  releaseAll()
}

/** Opens a folder, asking first about unsaved work in the current one. */
export async function openFolder(path: string): Promise<void> {
  if (!(await confirmDirty(dirtyPaths(), 'open another folder'))) return
  const info = await callOrNotify('workspace:open', { path }, 'Could not open folder')
  if (info) await workspaceOpened(info)
}

export async function closeFolder(): Promise<void> {
  if (!useWorkspace.getState().info) return
  if (!(await confirmDirty(dirtyPaths(), 'close the folder'))) return
  // The channel answers null on success; undefined means the error was shown.
  if ((await callOrNotify('workspace:close', {}, 'Could not close folder')) !== undefined) workspaceClosed()
}
