// Completion as you type in the browser host: nothing is asked while no model runs; with the tiny
// model running, typing asks for completions (assist:complete on the socket), the next keystroke
// cancels the one in flight (assist:cancel), and the status bar shows the latency; the completion
// is painted as ghost text, Tab inserts it and Ctrl+→ its next word.
// Screenshots: test-results/screenshots/complete-*.png.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { cursor, placeCursor } from './editor-cursor'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { openFromExplorer, openKiln, shot } from './page'

const SLOW = { timeout: 60_000, interval: 100 }
const FILE = 'src/App.jl'
const SOURCE = 'module App\n\nfunction add(a, b)\n    \nend\n\nend\n'

let browser: Browser
let models: string
let folder: string
let kiln: KilnServer | null = null

beforeAll(async () => {
  models = await mkdtemp(join(tmpdir(), 'kiln-e2e-complete-models-'))
  folder = await mkdtemp(join(tmpdir(), 'kiln-e2e-complete-'))
  await writeGguf(join(models, 'kiln-tiny.gguf'), tinyLlamaSpec())
  await mkdir(join(folder, 'src'))
  await writeFile(join(folder, FILE), SOURCE)
  browser = await launchChromium()
})
afterAll(async () => {
  await kiln?.stop()
  await browser?.close()
  await rm(models, { recursive: true, force: true })
  await rm(folder, { recursive: true, force: true })
})


/** One line of the open file, from its Monaco model. */
const lineText = (page: Page, line: number): Promise<string> =>
  page.evaluate(
    ([path, n]) => {
      type M = { uri: { path: string }; getLineContent(n: number): string }
      const monaco = (window as unknown as { __kilnMonaco: { editor: { getModels(): M[] } } }).__kilnMonaco
      const model = monaco.editor.getModels().find((m) => m.uri.path === `/${path}`)
      return model ? model.getLineContent(n) : ''
    },
    [FILE, line] as const,
  )

/** The ghost text painted on the cursor's line: Monaco splits it into one span per highlighted token. */
const ghostOnLine = async (page: Page): Promise<string> => {
  const line = page.locator('.monaco-editor .view-line', { has: page.locator('.ghost-text-decoration') }).first()
  // Spaces are painted as no-break spaces.
  return (await line.locator('.ghost-text-decoration').allTextContents()).join('').replace(/\u00a0/g, ' ')
}

describe('ghost-text completion', () => {
  it('asks as you type once a model runs, cancels on the next keystroke, and shows the latency', async () => {
    kiln = await startKiln({
      folder,
      settings: { 'inference.modelsPath': models, 'inference.engine': 'embedded', 'inference.threads': 2, 'inference.contextSize': 256, 'assist.completionDebounceMs': 0 },
    })
    const sent: string[] = []
    const page = await openKiln(browser, kiln.url, (p) =>
      p.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && sent.push(f.payload))),
    )
    // The socket is watched from the start: the workbench's own calls are seen.
    expect(sent.some((f) => f.includes('"app:info"'))).toBe(true)
    const sentOn = (channel: string): number => sent.filter((s) => s.includes(`"${channel}"`)).length

    // Off while no model runs: typing asks for nothing, and the status bar has no latency item.
    await openFromExplorer(page, FILE)
    await placeCursor(page, FILE, 4, 5)
    await page.keyboard.type('re')
    await page.waitForTimeout(300)
    expect(sentOn('assist:complete')).toBe(0)
    expect(await page.locator('[data-testid="status-item"][data-id="completion"]').count()).toBe(0)

    // Start the tiny model from the Models view.
    await page.keyboard.press('Control+Alt+M')
    await page.getByTestId('models-start').click()
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('ready')
    // Ready, nothing completed yet.
    await expect.poll(() => page.locator('[data-testid="status-item"][data-id="completion"]').textContent(), SLOW).toBe('⚡ on')

    // Typing asks for completions, and each keystroke cancels the request in flight.
    await placeCursor(page, FILE, 4, 7)
    await page.keyboard.type('turn a')
    await expect.poll(() => sentOn('assist:complete'), SLOW).toBeGreaterThan(0)
    const cancelsBefore = sentOn('assist:cancel')
    const completesBefore = sentOn('assist:complete')
    await page.keyboard.type(' + b', { delay: 15 })
    await expect.poll(() => sentOn('assist:complete'), SLOW).toBeGreaterThan(completesBefore)
    expect(sentOn('assist:cancel')).toBeGreaterThan(cancelsBefore)
    // A completion that came back shows its latency in the status bar.
    await expect.poll(() => page.locator('[data-testid="status-item"][data-id="completion"]').textContent(), SLOW).toMatch(/^⚡ \d+ ms$/)
    await shot(page, 'complete-1-requests')

    // The ghost text. After a space no word list opens (Monaco shows ghost text beside that list
    // only when it extends the list's selected word, as VS Code does), so the completion is painted
    // grey after the cursor; Tab inserts it. (Escape first: the word list is open after "b".)
    await page.keyboard.press('Escape')
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('x = a + ')
    const ghost = page.locator('.monaco-editor .ghost-text-decoration').first()
    await expect.poll(async () => ((await ghost.count()) > 0 ? ((await ghost.textContent()) ?? '').trim().length : 0), SLOW).toBeGreaterThan(0)
    const shown = await ghostOnLine(page)
    await shot(page, 'complete-2-ghost')
    expect(await cursor(page)).toEqual({ path: FILE, line: 5 })
    const before = await lineText(page, 5)
    expect(before).toBe('    x = a + ')
    await page.keyboard.press('Tab')
    // (Exactly the ghost text's first line; the tiny model's text may run over several lines, and a
    // next completion may already be asked for at the new end.)
    await expect.poll(() => lineText(page, 5)).toBe(before + shown)

    // Ctrl+→ takes the ghost text's first word only.
    await page.keyboard.press('Escape')
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('y = b * ')
    await expect.poll(async () => ((await ghost.count()) > 0 ? ((await ghost.textContent()) ?? '').trim().length : 0), SLOW).toBeGreaterThan(0)
    const whole = await ghostOnLine(page)
    // The cursor's line: below line 6 when the text Tab took ran over several lines.
    const at = (await cursor(page))!.line
    const start = await lineText(page, at)
    expect(start).toMatch(/^\s*y = b \* $/)
    await page.keyboard.press('Control+ArrowRight')
    await expect.poll(async () => (await lineText(page, at)).length, SLOW).toBeGreaterThan(start.length)
    const taken = (await lineText(page, at)).slice(start.length)
    expect(whole.startsWith(taken)).toBe(true)
    if (/\s\S/.test(whole.trim())) expect(taken.length).toBeLessThan(whole.length)
    await shot(page, 'complete-3-word')

    // The status item turns completion off (and back on): off, typing asks for nothing.
    const item = page.locator('[data-testid="status-item"][data-id="completion"]')
    await item.click()
    await expect.poll(() => item.textContent()).toBe('⚡ off')
    const asked = sentOn('assist:complete')
    await page.keyboard.press('Escape')
    await page.keyboard.type(' + 1 ')
    await page.waitForTimeout(400)
    expect(sentOn('assist:complete')).toBe(asked)
    expect(await page.locator('.monaco-editor .ghost-text-decoration').count()).toBe(0)
    await item.click()
    await expect.poll(() => item.textContent()).toMatch(/^⚡ \d+ ms$/)
  }, 180_000)
})
