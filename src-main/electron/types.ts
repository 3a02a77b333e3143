// The slice of Electron's API the host uses, as plain interfaces. main.ts passes the real module
// (the compiler checks it fits); tests pass a fake, so nothing here ever loads Electron.

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface PreventableEvent {
  preventDefault(): void
}
/** will-navigate / will-redirect / will-frame-navigate details (Electron passes the URL on the event). */
export interface NavigationEvent extends PreventableEvent {
  readonly url: string
}

export interface WebFrameLike {
  readonly url: string
  readonly parent: WebFrameLike | null
}

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (details: NavigationEvent) => void): unknown
  on(event: 'will-redirect', listener: (details: NavigationEvent) => void): unknown
  on(event: 'will-frame-navigate', listener: (details: NavigationEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown
  on(event: 'will-prevent-unload', listener: (event: PreventableEvent) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
  readonly mainFrame: WebFrameLike
}

export interface WebPreferencesLike {
  preload: string
  contextIsolation: boolean
  sandbox: boolean
  nodeIntegration: boolean
  nodeIntegrationInWorker: boolean
  nodeIntegrationInSubFrames: boolean
  webSecurity: boolean
  allowRunningInsecureContent: boolean
  webviewTag: boolean
  experimentalFeatures: boolean
  navigateOnDragDrop: boolean
  spellcheck: boolean
}

export interface WindowOptionsLike {
  width: number
  height: number
  x?: number
  y?: number
  minWidth: number
  minHeight: number
  show: boolean
  title: string
  backgroundColor: string
  webPreferences: WebPreferencesLike
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike
  loadURL(url: string): Promise<void>
  show(): void
  focus(): void
  restore(): void
  maximize(): void
  isMinimized(): boolean
  isMaximized(): boolean
  isDestroyed(): boolean
  getNormalBounds(): Rect
  on(event: 'close', listener: () => void): unknown
  on(event: 'closed', listener: () => void): unknown
  once(event: 'ready-to-show', listener: () => void): unknown
}

export interface IpcInvokeEventLike {
  readonly sender: WebContentsLike
  readonly senderFrame: WebFrameLike | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export interface HeadersDetailsLike {
  readonly url: string
  readonly responseHeaders?: Record<string, string[]>
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void
  readonly webRequest: {
    onHeadersReceived(
      listener: (details: HeadersDetailsLike, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void,
    ): void
  }
}

export interface CustomSchemeLike {
  scheme: string
  privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean; codeCache: boolean }
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: CustomSchemeLike[]): void
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void
}

export interface OpenDialogResult {
  canceled: boolean
  filePaths: string[]
}

export interface DialogLike<W> {
  showOpenDialog(
    window: W,
    options: { title: string; properties: Array<'openDirectory' | 'createDirectory'> },
  ): Promise<OpenDialogResult>
  showMessageBoxSync(
    window: W,
    options: { type: 'warning'; buttons: string[]; defaultId: number; cancelId: number; message: string; detail: string },
  ): number
}

export interface ShellLike {
  openExternal(url: string): Promise<void>
  trashItem(path: string): Promise<void>
}

export interface AppLike {
  readonly isPackaged: boolean
  setPath(name: 'userData', path: string): void
  enableSandbox(): void
  requestSingleInstanceLock(): boolean
  whenReady(): Promise<void>
  quit(): void
  on(event: 'second-instance', listener: () => void): unknown
  on(event: 'window-all-closed', listener: () => void): unknown
  on(event: 'activate', listener: () => void): unknown
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown
}

/**
 * Everything the Electron host takes from the `electron` module. Generic in the window type
 * because Electron's dialogs take its own window class, not any window-like object.
 */
export interface ElectronLike<W extends BrowserWindowLike = BrowserWindowLike> {
  app: AppLike
  BrowserWindow: new (options: WindowOptionsLike) => W
  ipcMain: IpcMainLike
  protocol: ProtocolLike
  session: { readonly defaultSession: SessionLike }
  shell: ShellLike
  dialog: DialogLike<W>
  screen: { getAllDisplays(): Array<{ workArea: Rect }> }
  nativeTheme: { readonly shouldUseDarkColors: boolean }
}
