// The browser host against real HTTP and WebSocket clients, with fake router handlers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { WireMessage } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { startBrowserHost, type BrowserHost } from '../../src-main/serve'
import { fakeApp, type FakeApp } from './fake-app'

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

const get = (port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })

/** Opens /ws; resolves with the socket, or the HTTP status the upgrade was refused with. */
const openSocket = (port: number, headers: Record<string, string>): Promise<WebSocket | number> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('error', reject)
  })

const nextMessage = (ws: WebSocket, match: (m: WireMessage) => boolean): Promise<WireMessage> =>
  new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as WireMessage
      if (!match(m)) return
      ws.off('message', onMessage)
      resolve(m)
    }
    ws.on('message', onMessage)
  })

let dir: string
let host: BrowserHost
let app: FakeApp
let log: ReturnType<typeof memoryLogger>

const start = async (extra: { host?: string } = {}) => {
  app = fakeApp()
  log = memoryLogger()
  host = await startBrowserHost({
    port: 0,
    rendererDir: join(dir, 'renderer'),
    userDataDir: join(dir, 'user'),
    log,
    createApp: async () => app,
    ...extra,
  })
}

/** Trades the token for a cookie, as a browser following the printed URL does. */
const login = async (): Promise<string> => {
  const res = await get(host.port, `/?token=${host.token}`)
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0]
  expect(cookie).toMatch(/^kiln-session-\d+=/)
  return cookie
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-serve-'))
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Kiln UI</title>')
  writeFileSync(join(dir, 'renderer', 'assets', 'app-123.js'), 'console.log(1)')
  writeFileSync(join(dir, 'renderer', 'assets', 'tree-sitter.wasm'), Buffer.from([0, 97, 115, 109]))
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
  await start()
})

afterEach(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('browser host: HTTP', () => {
  it('prints a loopback URL with a >=128-bit token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(Buffer.from(host.token, 'base64url').length).toBeGreaterThanOrEqual(16)
  })

  it('answers 401 with a helpful page without token or cookie', async () => {
    const res = await get(host.port, '/')
    expect(res.status).toBe(401)
    expect(res.body).toContain('kiln serve')
    expect(res.body).not.toContain('Kiln UI')
    expect((await get(host.port, '/assets/app-123.js')).status).toBe(401)
    expect((await get(host.port, '/', { Cookie: `kiln-session-${host.port}=forged` })).status).toBe(401)
  })

  it('trades the token for an HttpOnly SameSite=Strict cookie and redirects without the token', async () => {
    const res = await get(host.port, `/?token=${host.token}&x=1`)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/?x=1')
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Path=\//)
    const cookie = setCookie.split(';')[0]
    const page = await get(host.port, '/', { Cookie: cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Kiln UI')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
  })

  it('sends the security headers and correct MIME types', async () => {
    const cookie = await login()
    const js = await get(host.port, '/assets/app-123.js', { Cookie: cookie })
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const wasm = await get(host.port, '/assets/tree-sitter.wasm', { Cookie: cookie })
    expect(wasm.headers['content-type']).toBe('application/wasm')
    const csp = String(js.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(js.headers['x-content-type-options']).toBe('nosniff')
    expect(js.headers['referrer-policy']).toBe('no-referrer')
    expect(js.headers['x-frame-options']).toBe('DENY')
  })

  it('rate-limits wrong tokens per address with 429, even for the right token afterwards', async () => {
    for (let i = 0; i < 9; i++) expect((await get(host.port, `/?token=wrong${i}`)).status).toBe(401)
    const tenth = await get(host.port, '/?token=wrong-again')
    expect(tenth.status).toBe(429)
    expect(Number(tenth.headers['retry-after'])).toBeGreaterThan(0)
    expect((await get(host.port, `/?token=${host.token}`)).status).toBe(429)
  })

  it('refuses path traversal, encoded or not, and directory listings', async () => {
    const cookie = await login()
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets/']) {
      const res = await get(host.port, path, { Cookie: cookie })
      expect(res.status, path).toBe(404)
      expect(res.body).not.toContain('outside the renderer')
    }
  })

  it('answers unparsable targets with 400 and never redirects to another host', async () => {
    expect((await get(host.port, '//')).status).toBe(400)
    const res = await get(host.port, `/x/..//evil.example/?token=${host.token}`)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/evil.example/')
    expect((await get(host.port, '/')).status).toBe(401) // still serving
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const cookie = await login()
    const res = await get(host.port, '/', { Cookie: cookie, Host: `evil.example:${host.port}` })
    expect(res.status).toBe(403)
  })
})

describe('browser host: WebSocket', () => {
  const origin = () => `http://127.0.0.1:${host.port}`

  it('refuses an upgrade without the cookie', async () => {
    expect(await openSocket(host.port, { Origin: origin() })).toBe(401)
  })

  it('refuses an upgrade from a foreign Origin even with the cookie', async () => {
    const cookie = await login()
    expect(await openSocket(host.port, { Origin: 'http://evil.example', Cookie: cookie })).toBe(403)
    expect(await openSocket(host.port, { Cookie: cookie })).toBe(403)
  })

  it('round-trips a call and forwards events with the right Origin and cookie', async () => {
    const cookie = await login()
    for (const o of [origin(), `http://localhost:${host.port}`]) {
      const ws = await openSocket(host.port, { Origin: o, Cookie: cookie })
      if (typeof ws === 'number') throw new Error(`refused with ${ws}`)
      const reply = nextMessage(ws, (m) => m.t === 'result')
      ws.send(JSON.stringify({ t: 'call', id: 7, ch: 'app:info', args: {} }))
      expect(await reply).toMatchObject({ t: 'result', id: 7, result: { ok: true, value: { version: '0.0.0-test' } } })

      const event = nextMessage(ws, (m) => m.t === 'event')
      app.events.emit('terminal:data', { id: 't1', data: 'hello' })
      expect(await event).toEqual({ t: 'event', ev: 'terminal:data', payload: { id: 't1', data: 'hello' } })
      ws.close()
    }
  })

  it('survives malformed messages and answers bad calls with typed errors', async () => {
    const ws = await openSocket(host.port, { Origin: origin(), Cookie: await login() })
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`)
    ws.send('not json {')
    ws.send(JSON.stringify([1, 2]))
    const bad = nextMessage(ws, (m) => m.t === 'result' && m.id === 1)
    ws.send(JSON.stringify({ t: 'call', id: 1, ch: 42 }))
    expect(await bad).toMatchObject({ result: { ok: false, code: 'INVALID_ARGS' } })
    const unknown = nextMessage(ws, (m) => m.t === 'result' && m.id === 2)
    ws.send(JSON.stringify({ t: 'call', id: 2, ch: 'shell:exec', args: { cmd: 'rm -rf /' } }))
    expect(await unknown).toMatchObject({ result: { ok: false, code: 'UNKNOWN_CHANNEL' } })
    const good = nextMessage(ws, (m) => m.t === 'result' && m.id === 3)
    ws.send(JSON.stringify({ t: 'call', id: 3, ch: 'app:info', args: {} }))
    expect(await good).toMatchObject({ result: { ok: true } })
    ws.close()
  })

  it('closes sockets, the port and the app on close()', async () => {
    const ws = await openSocket(host.port, { Origin: origin(), Cookie: await login() })
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await host.close()
    expect(await closed).toBe(1001)
    expect(app.disposed).toBe(true)
    await expect(get(host.port, '/')).rejects.toThrow()
  })
})

describe('browser host: binding', () => {
  it('warns when bound to a non-loopback address and still requires the token', async () => {
    await host.close()
    await start({ host: '0.0.0.0' })
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('reachable from other machines'))).toBe(true)
    expect(host.url.startsWith(`http://127.0.0.1:${host.port}/?token=`)).toBe(true)
    for (const other of host.otherUrls) {
      expect(other).toMatch(new RegExp(`^http://\\d+\\.\\d+\\.\\d+\\.\\d+:${host.port}/\\?token=${host.token}$`))
      expect(other).not.toContain('127.0.0.1')
    }
    expect((await get(host.port, '/')).status).toBe(401)
  })

  it('does not warn on loopback', () => {
    expect(log.lines.filter((l) => l.startsWith('warn'))).toEqual([])
  })
})
