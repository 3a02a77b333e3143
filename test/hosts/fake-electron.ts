// A fake of the slice of Electron the host uses, recording what the host asked for.
import { EventEmitter } from 'node:events'
import type {
  CustomSchemeLike,
  ElectronLike,
  HeadersDetailsLike,
  IpcInvokeEventLike,
  NavigationEvent,
  OpenDialogResult,
  PreventableEvent,
  Rect,
  WebFrameLike,
  WindowOptionsLike,
} from '../../src-main/electron/types'

export class FakeEvent implements PreventableEvent {
  prevented = false
  preventDefault(): void {
    this.prevented = true
  }
}
export class FakeNavigation extends FakeEvent implements NavigationEvent {
  constructor(readonly url: string) {
    super()
  }
}

export class FakeFrame implements WebFrameLike {
  constructor(
    public url: string,
    readonly parent: WebFrameLike | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame = new FakeFrame('about:blank')
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  sent: unknown[][] = []
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args])
  }
  isDestroyed(): boolean {
    return false
  }
}

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>
type HeadersListener = (
  details: HeadersDetailsLike,
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void

export const createFakeElectron = (opts: { isPackaged?: boolean; pickedFolder?: string | null } = {}) => {
  const calls: string[] = []
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.isPackaged ?? true,
    ready: false,
    quitCount: 0,
    setPath: (name: string, path: string) => void calls.push(`setPath ${name} ${path}`),
    enableSandbox: () => void calls.push('enableSandbox'),
    requestSingleInstanceLock: () => true,
    whenReady: async () => {
      calls.push('ready')
      app.ready = true
    },
    quit: () => {
      const event = new FakeEvent()
      app.emit('before-quit', event)
      if (!event.prevented) app.quitCount++
    },
  })

  const windows: FakeWindow[] = []
  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents()
    loaded: string | null = null
    shown = false
    maximized = false
    bounds: Rect
    constructor(readonly options: WindowOptionsLike) {
      super()
      this.bounds = { x: options.x ?? 10, y: options.y ?? 10, width: options.width, height: options.height }
      windows.push(this)
      app.emit('web-contents-created', {}, this.webContents)
    }
    async loadURL(url: string): Promise<void> {
      this.loaded = url
      this.webContents.mainFrame.url = url
    }
    show(): void {
      this.shown = true
    }
    focus(): void {}
    restore(): void {}
    maximize(): void {
      this.maximized = true
    }
    isMinimized(): boolean {
      return false
    }
    isMaximized(): boolean {
      return this.maximized
    }
    isDestroyed(): boolean {
      return false
    }
    getNormalBounds(): Rect {
      return this.bounds
    }
  }

  const ipcHandlers = new Map<string, Handler>()
  const schemes: CustomSchemeLike[] = []
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
  const permissions: {
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
    check?: (contents: unknown, permission: string) => boolean
    headers?: HeadersListener
  } = {}
  const opened: string[] = []
  const trashed: string[] = []

  const electron: ElectronLike<FakeWindow> = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel, listener) => void ipcHandlers.set(channel, listener),
      removeHandler: (channel) => void ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (list) => {
        if (app.ready) throw new Error('schemes must be registered before ready')
        schemes.push(...list)
      },
      handle: (scheme, handler) => void protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h) => void (permissions.request = h),
        setPermissionCheckHandler: (h) => void (permissions.check = h),
        webRequest: { onHeadersReceived: (l) => void (permissions.headers = l) },
      },
    },
    shell: {
      openExternal: async (url) => void opened.push(url),
      trashItem: async (path) => void trashed.push(path),
    },
    dialog: {
      showOpenDialog: async (): Promise<OpenDialogResult> =>
        opts.pickedFolder ? { canceled: false, filePaths: [opts.pickedFolder] } : { canceled: true, filePaths: [] },
      showMessageBoxSync: () => 1,
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    nativeTheme: { shouldUseDarkColors: true },
  }

  return { electron, app, calls, windows, ipcHandlers, schemes, protocolHandlers, permissions, opened, trashed }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>
