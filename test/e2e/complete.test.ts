// Completion as you type in the browser host: nothing is asked while no model runs; with the tiny
// model running, typing asks for completions (assist:complete on the socket), the next keystroke
// cancels the one in flight (assist:cancel), and the status bar shows the latency. The ghost text
// itself and Tab are not asserted yet (see below). Screenshot: test-results/screenshots/complete-*.png.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { placeCursor } from './editor-cursor'
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

    // Typing asks for completions, and each keystroke cancels the request in flight.
    // (Whether Monaco then paints the ghost text, and Tab accepts it, is not asserted yet: Monaco
    // hides ghost text while its word-suggest list is open, and the test does not yet get past
    // that reliably — see the issue 7 note. The ghost text was seen in a manual screenshot.)
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
  }, 180_000)
})
