// The Electron host's entry: the only file that loads Electron. All wiring lives in
// src-main/electron/, written against an injected Electron so it is tested without one.
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, screen, session, shell } from 'electron'
import { consoleLogger } from './lib/log'
import { userDataDir } from './lib/user-data'
import { startElectronHost } from './electron/host'
import type { ElectronLike } from './electron/types'

const log = consoleLogger('kiln')

// `screen` and `nativeTheme` may only be touched once the app is ready: read them lazily.
const electron: ElectronLike<BrowserWindow> = {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  get screen() {
    return screen
  },
  get nativeTheme() {
    return nativeTheme
  },
}

startElectronHost(electron, {
  argv: process.argv,
  env: process.env,
  mainDir: __dirname,
  userDataDir: userDataDir(),
  log,
}).catch((e: unknown) => {
  log.error('Kiln failed to start', e)
  app.exit(1)
})
