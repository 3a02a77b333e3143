// How the app holds the language server: discovery from the current settings, a restart when the
// workspace or one of the server settings changes, and diagnostics onto the event bus.
import { homedir } from 'node:os'
import type { EventName } from '../../../src-preload/contract'
import { DisposableStore, type Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { StringSettingKey } from '../settings/schema'
import { discoverLanguageServer, type LaunchPlan } from './discovery'
import type { LanguageServerService } from './language-server-service'

const KEYS = ['julia.languageServer', 'julia.languageServerPath', 'julia.executablePath'] as const satisfies readonly StringSettingKey[]

export interface SettingsReader {
  getString(key: StringSettingKey): string
}

/** `plan` for LanguageServerService: what to run for a root under the settings as they are now. */
export function planFromSettings(settings: SettingsReader, env: NodeJS.ProcessEnv = process.env, home = homedir()): (root: string) => Promise<LaunchPlan> {
  return (root) =>
    discoverLanguageServer({
      choice: settings.getString('julia.languageServer'),
      commandSetting: settings.getString('julia.languageServerPath'),
      juliaSetting: settings.getString('julia.executablePath'),
      root,
      env,
      home,
    })
}

export interface WiringDeps {
  settings: SettingsReader
  workspace: { readonly root: string | null; onDidChangeRoot(listener: (root: string | null) => void): Disposable }
  /** The app's event bus: 'settings:changed' restarts the server when a server setting changed. */
  events: { subscribe(sink: (event: EventName, payload: unknown) => void): Disposable }
  emit: Emit
}

/** Starts the server for the open folder and keeps it following the folder and the settings. */
export function wireLanguageServer(server: LanguageServerService, deps: WiringDeps): Disposable {
  const store = new DisposableStore()
  const current = (): string => KEYS.map((k) => deps.settings.getString(k)).join('\u0000')
  let last = current()
  store.add(server.onDiagnostics((path, diagnostics) => deps.emit('lang:diagnostics', { path, diagnostics })))
  store.add(
    deps.workspace.onDidChangeRoot((root) => {
      last = current()
      void server.setWorkspaceRoot(root)
    }),
  )
  store.add(
    deps.events.subscribe((event) => {
      if (event !== 'settings:changed' || current() === last) return
      last = current()
      void server.restart()
    }),
  )
  if (deps.workspace.root) void server.setWorkspaceRoot(deps.workspace.root)
  return store
}
