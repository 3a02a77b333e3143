// Start-up: settings and theme, the folder to open (command line or the one main has open),
// live events from main, the warning before leaving with unsaved work.
import { api, SocketApi } from '../api'
import { flushBackups } from '../editor/backup'
import { handleDiskChanges } from '../editor/disk-sync'
import { loadMonaco } from '../editor/monaco-loader'
import { registerJuliaSymbols } from '../editor/syntax'
import { refreshFromChanges } from '../panels/explorer/explorer-actions'
import { notifyError } from '../notifications/call'
import { dirtyPaths } from '../store/editors'
import { useSettings } from '../store/settings'
import { useUi } from '../store/ui'
import { useWorkspace } from '../store/workspace'
import { installKeyboard } from './keyboard'
import { watchTheme } from './theme'
import { registerWorkbenchCommands } from './workbench-commands'
import { workspaceClosed, workspaceOpened } from './workspace-actions'
import { installLspDiagnostics } from '../editor/lsp-diagnostics'

let started = false

export async function startWorkbench(): Promise<void> {
  if (started) return
  started = true
  registerWorkbenchCommands()
  installKeyboard()
  installLspDiagnostics()
  void loadMonaco().then(registerJuliaSymbols)

  if (api instanceof SocketApi) {
    useUi.setState({ connected: api.connected })
    api.onConnection((connected) => useUi.setState({ connected }))
  }

  api.on('settings:changed', (s) => useSettings.getState().setSnapshot(s))
  api.on('workspace:changed', ({ changes }) => {
    refreshFromChanges(changes)
    handleDiskChanges(changes)
  })
  api.on('workspace:opened', (info) => {
    if (info) void workspaceOpened(info)
    else if (useWorkspace.getState().info) workspaceClosed()
  })

  window.addEventListener('beforeunload', (e) => {
    if (dirtyPaths().length === 0) return
    flushBackups()
    e.preventDefault()
    e.returnValue = '' // legacy browsers need it to show the prompt
  })

  const settings = api.call('settings:get', {}).then((r) => {
    if (r.ok) useSettings.getState().setSnapshot(r.value)
    else notifyError(r, 'Could not read settings')
  })
  watchTheme()

  const [current, info] = await Promise.all([api.call('workspace:current', {}), api.call('app:info', {})])
  if (current.ok && current.value) await workspaceOpened(current.value)
  else if (info.ok && info.value.initialFolder) {
    const r = await api.call('workspace:open', { path: info.value.initialFolder })
    if (r.ok) await workspaceOpened(r.value)
    else {
      notifyError(r, `Could not open ${info.value.initialFolder}`)
      useWorkspace.setState({ starting: false })
    }
  } else useWorkspace.setState({ starting: false })
  if (!info.ok) notifyError(info)
  await settings
}
