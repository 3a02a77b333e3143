// The Electron host's wiring with a fake Electron: window options, IPC sender checks, navigation,
// window.open, permissions, CSP, external links, events, bounds and shutdown.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KilnAppOptions } from '../../src-main/app'
import { folderFromArgv, startElectronHost } from '../../src-main/electron/host'
import { memoryLogger } from '../../src-main/lib/log'
import { fakeApp, type FakeApp } from './fake-app'
import { createFakeElectron, FakeFrame, FakeNavigation, FakeWebContents, type FakeElectron } from './fake-electron'

let dir: string
let fake: FakeElectron
let app: FakeApp
let appOptions: KilnAppOptions
let dispatched: string[]

const start = async (electron = createFakeElectron()) => {
  fake = electron
  dispatched = []
  app = fakeApp({
    'app:info': () => {
      dispatched.push('app:info')
      return { ok: true, value: { version: 't', host: 'electron', platform: 'test', home: '/', initialFolder: null } }
    },
  })
  const host = await startElectronHost(fake.electron, {
    argv: ['/opt/Kiln/kiln', '/projects/demo'],
    env: {},
    mainDir: join(dir, 'out', 'main'),
    userDataDir: join(dir, 'user'),
    log: memoryLogger(),
    createApp: async (opts) => {
      appOptions = opts
      return app
    },
  })
  if (!host) throw new Error('host did not start')
  return host
}

const mainWindow = () => fake.windows[0]
const invoke = (event: { sender: FakeWebContents; senderFrame: FakeFrame | null }, channel: unknown, args: unknown) => {
  const handler = fake.ipcHandlers.get('kiln:call')
  if (!handler) throw new Error('no kiln:call handler')
  return handler(event, channel, args)
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-electron-'))
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true })
  writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>Kiln</title>')
  writeFileSync(join(dir, 'out', 'secret.txt'), 'secret')
  await start()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('Electron host: window', () => {
  it('creates the window with every security preference and the preload bundle', () => {
    const prefs = mainWindow().options.webPreferences
    expect(prefs).toEqual({
      preload: join(dir, 'out', 'preload', 'index.js'),
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
    expect(fake.calls).toContain('enableSandbox')
    expect(mainWindow().loaded).toBe('kiln://app/index.html')
  })

  it('registers the app scheme as privileged before ready and opens the folder from argv', () => {
    expect(fake.schemes.map((s) => s.scheme)).toEqual(['kiln'])
    expect(fake.calls.indexOf(`setPath userData ${join(dir, 'user')}`)).toBeLessThan(fake.calls.indexOf('ready'))
    expect(appOptions.initialFolder).toBe('/projects/demo')
    expect(appOptions.host).toBe('electron')
  })

  it('remembers the window bounds across starts', async () => {
    mainWindow().bounds = { x: 100, y: 120, width: 1000, height: 700 }
    mainWindow().maximized = true
    mainWindow().emit('close')
    expect(JSON.parse(readFileSync(join(dir, 'user', 'window-state.json'), 'utf8'))).toMatchObject({ maximized: true })
    await start()
    expect(mainWindow().options).toMatchObject({ x: 100, y: 120, width: 1000, height: 700 })
    mainWindow().emit('ready-to-show')
    expect(mainWindow().maximized).toBe(true)
    expect(mainWindow().shown).toBe(true)
  })
})

describe('Electron host: IPC', () => {
  it('dispatches calls from the main window top frame showing the app', async () => {
    const wc = mainWindow().webContents
    expect(await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'app:info', {})).toMatchObject({ ok: true })
    expect(dispatched).toEqual(['app:info'])
  })

  it('refuses calls from another web contents, a subframe, a foreign page or a gone frame', async () => {
    const wc = mainWindow().webContents
    const other = new FakeWebContents()
    other.mainFrame.url = 'kiln://app/index.html'
    const refused = [
      { sender: other, senderFrame: other.mainFrame },
      { sender: wc, senderFrame: new FakeFrame('kiln://app/index.html', wc.mainFrame) },
      { sender: wc, senderFrame: new FakeFrame('https://evil.example/') },
      { sender: wc, senderFrame: null },
    ]
    for (const event of refused) {
      expect(await invoke(event, 'app:info', {})).toMatchObject({ ok: false, code: 'PERMISSION' })
    }
    expect(dispatched).toEqual([])
  })

  it('forwards events to the window on kiln:event', () => {
    app.events.emit('terminal:exit', { id: 't1', exitCode: 0, signal: null })
    expect(mainWindow().webContents.sent).toEqual([['kiln:event', 'terminal:exit', { id: 't1', exitCode: 0, signal: null }]])
  })
})

describe('Electron host: navigation, windows, permissions', () => {
  it('prevents navigation and redirects away from the app', () => {
    const wc = mainWindow().webContents
    const tries = {
      'https://evil.example/': true,
      'file:///etc/passwd': true,
      'kiln://other/index.html': true,
      'kiln://app/index.html#/settings': false,
    }
    for (const [url, blocked] of Object.entries(tries)) {
      for (const kind of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
        const nav = new FakeNavigation(url)
        wc.emit(kind, nav)
        expect(nav.prevented, `${kind} ${url}`).toBe(blocked)
      }
    }
    const attach = new FakeNavigation('about:blank')
    wc.emit('will-attach-webview', attach)
    expect(attach.prevented).toBe(true)
  })

  it('denies window.open, sending only https links to the system browser', async () => {
    const handler = mainWindow().webContents.openHandler
    if (!handler) throw new Error('no window open handler')
    for (const url of ['https://julialang.org/', 'http://example.com/', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(handler({ url })).toEqual({ action: 'deny' })
    }
    await new Promise((r) => setTimeout(r, 0))
    expect(fake.opened).toEqual(['https://julialang.org/'])
  })

  it('denies every permission request and check', () => {
    const { request, check } = fake.permissions
    if (!request || !check) throw new Error('permission handlers not set')
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      let granted: boolean | null = null
      request({}, permission, (g) => (granted = g))
      expect(granted).toBe(false)
      expect(check({}, permission)).toBe(false)
    }
  })

  it('opens external links only for https through the host hook', async () => {
    const openExternal = appOptions.hooks.openExternal
    if (!openExternal) throw new Error('no openExternal hook')
    await openExternal('https://docs.julialang.org/en/v1/')
    await expect(openExternal('http://docs.julialang.org/')).rejects.toThrow(/https/)
    await expect(openExternal('file:///bin/sh')).rejects.toThrow(/https/)
    expect(fake.opened).toEqual(['https://docs.julialang.org/en/v1/'])
  })

  it('hands the platform trash (shell.trashItem) to the app for deletes', async () => {
    const { trashItem } = appOptions.hooks as typeof appOptions.hooks & { trashItem?: (p: string) => Promise<void> }
    await trashItem?.('/projects/demo/old.jl')
    expect(fake.trashed).toEqual(['/projects/demo/old.jl'])
  })

  it('asks the native dialog for a folder', async () => {
    await start(createFakeElectron({ pickedFolder: '/home/me/proj' }))
    expect(await appOptions.hooks.pickFolder?.()).toBe('/home/me/proj')
  })
})

describe('Electron host: CSP and app protocol', () => {
  it('stamps a strict CSP on responses, replacing any other', () => {
    const listener = fake.permissions.headers
    if (!listener) throw new Error('no headers listener')
    let headers: Record<string, string[]> | undefined
    listener({ url: 'kiln://app/index.html', responseHeaders: { 'content-security-policy': ["script-src 'unsafe-eval'"] } }, (r) => {
      headers = r.responseHeaders
    })
    expect(headers?.['content-security-policy']).toBeUndefined()
    expect(headers?.['Content-Security-Policy']?.[0]).toMatch(/script-src 'self';/)
  })

  it('serves the renderer on kiln://app/ with the CSP and refuses paths outside it', async () => {
    const handler = fake.protocolHandlers.get('kiln')
    if (!handler) throw new Error('no protocol handler')
    const page = await handler(new Request('kiln://app/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/)
    expect(await page.text()).toContain('<title>Kiln</title>')
    for (const url of ['kiln://app/%2e%2e/secret.txt', 'kiln://app/..%2fsecret.txt', 'kiln://other/index.html']) {
      expect((await handler(new Request(url))).status, url).toBe(404)
    }
  })
})

describe('Electron host: lifecycle', () => {
  it('disposes the app once on quit, then quits', async () => {
    fake.app.quit()
    expect(fake.app.quitCount).toBe(0) // held until the app is disposed
    await new Promise((r) => setTimeout(r, 10))
    expect(app.disposed).toBe(true)
    expect(fake.app.quitCount).toBe(1)
    expect(fake.ipcHandlers.has('kiln:call')).toBe(false)
  })

  it('reads the folder from argv in development and packaged layouts', () => {
    expect(folderFromArgv(['electron', '.', '--no-sandbox', '/p'], false)).toBe('/p')
    expect(folderFromArgv(['/opt/Kiln/kiln', '/p'], true)).toBe('/p')
    expect(folderFromArgv(['/opt/Kiln/kiln'], true)).toBeNull()
  })
})
