// The main window: locked-down web preferences, remembered bounds, a prompt before losing unsaved work.
import type { Logger } from '../lib/log'
import type { BrowserWindowLike, ElectronLike, WebPreferencesLike, WindowOptionsLike } from './types'
import { placeOnScreen, readWindowState, writeWindowState } from './window-state'

/** Every item of Electron's checklist that lives in webPreferences. */
export const secureWebPreferences = (preload: string): WebPreferencesLike => ({
  preload,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
})

export interface MainWindowOptions {
  preload: string
  url: string
  /** JSON file where bounds are remembered. */
  stateFile: string
  log: Logger
}

export function createMainWindow<W extends BrowserWindowLike>(electron: ElectronLike<W>, opts: MainWindowOptions): W {
  const saved = readWindowState(opts.stateFile)
  const place = placeOnScreen(saved, electron.screen.getAllDisplays().map((d) => d.workArea))
  const options: WindowOptionsLike = {
    ...place,
    minWidth: 640,
    minHeight: 400,
    show: false, // shown on ready-to-show, so there is no white flash
    title: 'Kiln',
    backgroundColor: electron.nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    webPreferences: secureWebPreferences(opts.preload),
  }
  const win = new electron.BrowserWindow(options)

  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize()
    win.show()
  })
  win.on('close', () => {
    try {
      writeWindowState(opts.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() })
    } catch (e) {
      opts.log.warn(`could not remember the window bounds: ${String(e)}`)
    }
  })
  // The renderer blocks unload while buffers are dirty; Electron shows no prompt itself.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = electron.dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Close without saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'You have unsaved changes.',
      detail: 'Close Kiln anyway? Unsaved edits are lost.',
    })
    if (choice === 0) event.preventDefault() // preventDefault here means: let the unload happen
  })

  win.loadURL(opts.url).catch((e: unknown) => opts.log.error(`could not load ${opts.url}`, e))
  return win
}
