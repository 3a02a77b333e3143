// The Electron host's wiring, over an injected Electron so tests run without it: locks down the
// session and every web contents, serves the renderer on kiln://app/, builds the app, connects
// IPC and events to the main window, and disposes everything on quit.
import { join, resolve } from 'node:path'
import type { HostHooks, KilnAppOptions } from '../app'
import type { Logger } from '../lib/log'
import { KilnError } from '../router'
import { contentSecurityPolicy } from '../serve/headers'
import type { HostApp } from '../serve/host-app'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { forwardEvents, registerIpc } from './ipc'
import {
  APP_URL,
  appUrlMatcher,
  devContentSecurityPolicy,
  guardWebContents,
  lockDownSession,
  openHttpsExternally,
} from './security'
import type { BrowserWindowLike, ElectronLike } from './types'
import { createMainWindow } from './window'

export interface ElectronHostOptions {
  /** process.argv: the folder to open is the first non-switch argument after the app. */
  argv: string[]
  env: Record<string, string | undefined>
  /** The folder holding the built main script (out/main); renderer and preload sit beside it. */
  mainDir: string
  userDataDir: string
  log: Logger
  createApp?: (opts: KilnAppOptions) => Promise<HostApp>
}

export interface ElectronHost<W> {
  app: HostApp
  window(): W | null
}

/** `electron . FOLDER` in development, `kiln FOLDER` packaged; Chromium switches are skipped. */
export const folderFromArgv = (argv: string[], isPackaged: boolean): string | null =>
  argv.slice(isPackaged ? 1 : 2).find((a) => !a.startsWith('-')) ?? null

const defaultCreateApp = async (opts: KilnAppOptions): Promise<HostApp> => {
  const { createKilnApp } = await import('../app')
  return createKilnApp(opts)
}

/** Resolves to null when another Kiln instance already runs (it gets focused instead). */
export async function startElectronHost<W extends BrowserWindowLike>(
  electron: ElectronLike<W>,
  opts: ElectronHostOptions,
): Promise<ElectronHost<W> | null> {
  const { app } = electron
  const { log } = opts
  // Everything before whenReady() must happen before Electron is ready.
  app.setPath('userData', opts.userDataDir)
  app.enableSandbox()
  registerAppScheme(electron.protocol)
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }

  const devUrl = app.isPackaged ? undefined : opts.env.ELECTRON_RENDERER_URL
  const appUrl = devUrl ?? APP_URL
  const isAppUrl = appUrlMatcher(appUrl)
  const csp = contentSecurityPolicy()
  const openExternal = openHttpsExternally((url) => electron.shell.openExternal(url), log)
  const initialFolder = folderFromArgv(opts.argv, app.isPackaged)
  let win: W | null = null

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppUrl, openExternal, log))
  await app.whenReady()

  handleAppProtocol(electron.protocol, join(opts.mainDir, '../renderer'), csp)
  lockDownSession(electron.session.defaultSession, () => (devUrl ? devContentSecurityPolicy(csp) : csp))

  const hooks: HostHooks = {
    pickFolder: async () => {
      if (!win) return null
      const picked = await electron.dialog.showOpenDialog(win, {
        title: 'Open Folder',
        properties: ['openDirectory', 'createDirectory'],
      })
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    openExternal: async (url) => {
      if (!(await openExternal(url))) throw new KilnError('PERMISSION', 'only https links open outside Kiln')
    },
    trashItem: (absPath) => electron.shell.trashItem(absPath),
  }
  const kiln = await (opts.createApp ?? defaultCreateApp)({
    host: 'electron',
    userDataDir: opts.userDataDir,
    initialFolder: initialFolder === null ? null : resolve(initialFolder),
    log,
    hooks,
  })

  const ipc = registerIpc(electron.ipcMain, kiln.router, () => win, isAppUrl, log)
  const events = forwardEvents(kiln.events, () => win)

  const openWindow = (): W => {
    const created = createMainWindow(electron, {
      preload: join(opts.mainDir, '../preload/index.js'),
      url: appUrl,
      stateFile: join(opts.userDataDir, 'window-state.json'),
      log,
    })
    created.on('closed', () => {
      if (win === created) win = null
    })
    return (win = created)
  }
  openWindow()

  app.on('second-instance', () => {
    if (!win) return void openWindow()
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('activate', () => {
    if (!win) openWindow()
  })
  // One window holds the whole workbench: closing it quits, on macOS too (services own processes).
  app.on('window-all-closed', () => app.quit())

  let disposed = false
  app.on('before-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    events.dispose()
    ipc.dispose()
    kiln
      .dispose()
      .catch((e: unknown) => log.error('error while shutting down', e))
      .finally(() => app.quit())
  })

  return { app: kiln, window: () => win }
}
