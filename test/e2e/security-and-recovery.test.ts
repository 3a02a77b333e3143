// The browser host's locks, checked from outside as an attacker would, and hot exit after a crash.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Browser } from 'playwright-core'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { makeJuliaProject } from './julia-project'
import { modelText, openFromExplorer, openKiln, shot } from './page'

/** Trades the token for the session cookie, as a browser does on first visit. */
async function sessionCookie(kiln: KilnServer): Promise<string> {
  const res = await fetch(kiln.url, { redirect: 'manual' })
  const cookie = res.headers.get('set-cookie') ?? ''
  expect(cookie).toMatch(/HttpOnly/i)
  expect(cookie).toMatch(/SameSite=Strict/i)
  return cookie.split(';')[0]!
}

function connect(kiln: KilnServer, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${kiln.port}/ws`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function call(ws: WebSocket, ch: string, args: unknown): Promise<{ ok: boolean; code?: string; message?: string }> {
  const id = Math.floor(Math.random() * 1e9)
  return new Promise((resolve) => {
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { t: string; id?: number; result?: { ok: boolean; code?: string } }
      if (msg.t === 'result' && msg.id === id) resolve(msg.result!)
    })
    ws.send(JSON.stringify({ t: 'call', id, ch, args }))
  })
}

describe('browser host security', () => {
  let kiln: KilnServer
  beforeAll(async () => {
    kiln = await startKiln({ folder: await makeJuliaProject() })
  })
  afterAll(() => kiln?.stop())

  it('refuses requests without the token', async () => {
    expect((await fetch(`${kiln.origin}/`)).status).toBe(401)
    expect((await fetch(`${kiln.origin}/?token=wrong`)).status).toBe(401)
  })

  it('refuses a cross-origin WebSocket even with the cookie', async () => {
    const cookie = await sessionCookie(kiln)
    await expect(connect(kiln, { Cookie: cookie, Origin: 'http://evil.example' })).rejects.toThrow(/refused/)
    await expect(connect(kiln, { Origin: kiln.origin })).rejects.toThrow(/refused/)
  })

  it('refuses paths outside the workspace', async () => {
    const ws = await connect(kiln, { Cookie: await sessionCookie(kiln), Origin: kiln.origin })
    try {
      const inside = await call(ws, 'workspace:read', { path: 'src/Demo.jl' })
      expect(inside.ok).toBe(true)
      for (const path of ['../../../../etc/passwd', '/etc/passwd']) {
        const r = await call(ws, 'workspace:read', { path })
        expect(r).toMatchObject({ ok: false, code: 'OUTSIDE_WORKSPACE' })
      }
    } finally {
      ws.close()
    }
  })
})

describe('hot exit', () => {
  let browser: Browser
  const servers: KilnServer[] = []
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.stop()
  })

  it('restores an unsaved buffer after the server is killed with SIGKILL', async () => {
    const folder = await makeJuliaProject()
    const first = await startKiln({ folder, keepUserData: true })
    servers.push(first)
    const page = await openKiln(browser, first.url)
    await openFromExplorer(page, 'src/Demo.jl')
    await page.locator('.monaco-editor .view-lines').first().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('\nunsaved_work = 42\n')
    // The backup is written about a second after typing stops.
    await page.waitForTimeout(2500)
    first.process.kill('SIGKILL')
    await first.stop()
    await page.context().close()

    const second = await startKiln({ folder, userDataDir: first.userDataDir })
    servers.push(second)
    const again = await openKiln(browser, second.url)
    const tab = again.locator('[data-testid="editor-tab"][data-path="src/Demo.jl"]')
    await tab.waitFor({ timeout: 20_000 })
    await expect.poll(() => tab.getAttribute('data-dirty')).toBe('true')
    await expect.poll(() => modelText(again, 'src/Demo.jl')).toContain('unsaved_work = 42')
    // Nothing was written to disk behind the user's back.
    expect(await readFile(join(folder, 'src', 'Demo.jl'), 'utf8')).not.toContain('unsaved_work')
    await shot(again, 'hot-exit-restored')
  })
})
