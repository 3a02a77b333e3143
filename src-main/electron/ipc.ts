// The contract over Electron IPC: one invoke channel into the router (sender checked on every
// call) and one send channel carrying every EventBus event to the window.
import { err, ipcChannels, type Result } from '../../src-preload/contract'
import { toDisposable, type Disposable } from '../lib/disposable'
import type { Logger } from '../lib/log'
import type { HostEvents, HostRouter } from '../serve/host-app'
import type { BrowserWindowLike, IpcInvokeEventLike, IpcMainLike } from './types'

/**
 * Trusted means: sent by the current main window's own web contents, from its top frame, while that
 * frame shows the app (not a page it was somehow navigated to, not an iframe).
 */
export const isTrustedSender = (
  event: IpcInvokeEventLike,
  window: BrowserWindowLike | null,
  isAppUrl: (url: string) => boolean,
): boolean => {
  if (!window || window.isDestroyed()) return false
  const frame = event.senderFrame
  return event.sender === window.webContents && frame !== null && frame.parent === null && isAppUrl(frame.url)
}

export function registerIpc(
  ipcMain: IpcMainLike,
  router: HostRouter,
  window: () => BrowserWindowLike | null,
  isAppUrl: (url: string) => boolean,
  log: Logger,
): Disposable {
  ipcMain.handle(ipcChannels.call, async (event, channel, args): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, window(), isAppUrl)) {
      log.warn(`refused IPC from an untrusted frame: ${event.senderFrame?.url.slice(0, 200) ?? '(no frame)'}`)
      return err('PERMISSION', 'IPC from an untrusted frame')
    }
    if (typeof channel !== 'string') return err('INVALID_ARGS', 'channel must be a string')
    return router.dispatch(channel, args)
  })
  return toDisposable(() => ipcMain.removeHandler(ipcChannels.call))
}

/** Forwards every event to the window while it lives. */
export const forwardEvents = (events: HostEvents, window: () => BrowserWindowLike | null): Disposable =>
  events.subscribe((event, payload) => {
    const win = window()
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(ipcChannels.event, event, payload)
  })
