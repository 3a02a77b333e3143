// Local inference from the UI, as a new user meets it: a folder with a model (the tiny llama the
// tests write themselves) and a corrupt file; the Models view lists both with what their headers
// say (or why not), the memory estimate, Start, the state turning ready in the view and the status
// bar, a prompt answered with its speed, the log, Stop. Starting the corrupt file fails clearly and
// Kiln carries on. Runs the embedded engine on 2 threads. Screenshots:
// test-results/screenshots/inference-*.png.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { encodeGguf, writeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { openKiln, shot } from './page'

const SLOW = { timeout: 60_000, interval: 100 }
const TINY = 'kiln-tiny.gguf'
const BROKEN = 'broken.gguf'

let browser: Browser
let folder: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kiln-e2e-models-'))
  await writeGguf(join(folder, TINY), tinyLlamaSpec())
  // A real header cut short: the magic and version read, then the metadata runs out.
  await writeFile(join(folder, BROKEN), encodeGguf(tinyLlamaSpec()).subarray(0, 300))
  browser = await launchChromium()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
})
afterAll(async () => {
  await browser?.close()
  await rm(folder, { recursive: true, force: true })
})

/**
 * A fresh Kiln on the model folder, the Models view shown from the activity bar or with Ctrl+Alt+M.
 * The first test looks at the dark theme, the second at the light one.
 */
async function session(theme: 'dark' | 'light', open: 'click' | 'key'): Promise<{ kiln: KilnServer; page: Page }> {
  const kiln = await startKiln({
    settings: { 'inference.modelsPath': folder, 'inference.engine': 'embedded', 'inference.threads': 2, 'inference.contextSize': 256, 'workbench.colorTheme': theme },
  })
  cleanups.push(() => kiln.stop())
  const page = await openKiln(browser, kiln.url)
  cleanups.push(() => page.context().close())
  if (open === 'click') await page.getByTestId('activity-models').click()
  else await page.keyboard.press('Control+Alt+M')
  await page.getByTestId('models-view').waitFor()
  return { kiln, page }
}

const item = (page: Page, file: string): Locator => page.locator(`[data-testid="models-item"][data-path="${join(folder, file)}"]`)
const statusItem = (page: Page): Locator => page.locator('[data-testid="status-item"][data-id="inference"]')
const detail = (page: Page, label: string): Locator => page.locator(`[data-testid="models-detail"][data-label="${label}"] dd`)

describe('the Models view', () => {
  it('lists the models with their metadata and an estimate, starts one, answers a prompt, and stops', async () => {
    const { page } = await session('dark', 'click')

    // The library: the tiny model with its header facts; the corrupt file with its error in red.
    await item(page, TINY).waitFor({ timeout: 20_000 })
    await expect.poll(() => item(page, TINY).textContent()).toContain('kiln-tiny-llama')
    expect(await item(page, TINY).textContent()).toContain('llama')
    await expect.poll(() => item(page, BROKEN).getByTestId('models-item-error').textContent()).toMatch(/\S/)
    const folderRow = page.getByTestId('models-folder').filter({ hasText: folder })
    expect(await folderRow.getAttribute('data-exists')).toBe('true')
    expect(await folderRow.textContent()).toContain('Setting')

    // Select it (the first readable model is selected already): its details and the estimate.
    await item(page, TINY).click()
    expect(await item(page, TINY).getAttribute('data-selected')).toBe('true')
    expect(await detail(page, 'Layers').textContent()).toBe('2')
    expect(await detail(page, 'Heads').textContent()).toBe('4 (KV 2)')
    expect(await detail(page, 'Trained context').textContent()).toBe('256 tokens')
    expect(await page.getByTestId('models-detail-path').textContent()).toBe(join(folder, TINY))
    const estimate = page.getByTestId('models-estimate')
    await estimate.waitFor({ timeout: 15_000 })
    expect(await estimate.getAttribute('data-fits')).toBe('true')
    expect(await page.getByTestId('models-estimate-total').textContent()).toMatch(/^Total [\d.]+ [KMG]?B · fits$/)
    expect(await page.getByTestId('models-opt-contextSize').inputValue()).toBe('256')
    await shot(page, 'inference-1-library')

    // A context past the trained one is warned about, and the estimate follows the change.
    const kvBefore = await page.locator('.kiln-models-legend').textContent()
    await page.getByTestId('models-ctx-preset').filter({ hasText: '4k' }).click()
    await page.getByTestId('models-ctx-warning').waitFor()
    await expect.poll(() => page.locator('.kiln-models-legend').textContent(), SLOW).not.toBe(kvBefore)
    expect(await page.locator('.kiln-models-legend').textContent()).toContain('4,096 tokens')
    await page.getByTestId('models-options').getByRole('button', { name: '256 (max)' }).click()
    await expect.poll(() => page.getByTestId('models-opt-contextSize').inputValue()).toBe('256')
    await page.getByTestId('julia-section-models-options').scrollIntoViewIfNeeded()
    await shot(page, 'inference-2-options')

    // Start: loading, then ready in the view and in the status bar.
    await page.getByTestId('models-start').click()
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('ready')
    await expect.poll(() => statusItem(page).textContent(), SLOW).toBe('kiln-tiny-llama · ready')
    expect(await page.getByTestId('models-server-url').textContent()).toMatch(/http:\/\/127\.0\.0\.1:\d+/)
    expect(await page.getByTestId('models-server-load').textContent()).toMatch(/Loaded in[\d.]+ m?s/)
    await page.getByTestId('models-view').evaluate((el) => (el.scrollTop = 0))
    await shot(page, 'inference-3-ready')

    // Try it: the answer, with time to first token and tokens/s; the server section shows the speed.
    await page.getByTestId('models-prompt').fill('Once upon a time')
    await page.getByTestId('models-try-run').click()
    await page.getByTestId('models-try-result').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('models-try-meta').textContent()).toMatch(/[\d.]+ tok\/s/)
    await expect.poll(() => page.getByTestId('models-server-speed').textContent(), SLOW).toMatch(/prompt [\d.]+ tok\/s · generation [\d.]+ tok\/s/)
    expect(await statusItem(page).getAttribute('title')).toMatch(/generation [\d.]+ tok\/s/)
    await page.getByTestId('models-try').scrollIntoViewIfNeeded()
    await shot(page, 'inference-4-try')

    // The log has the engine's own lines.
    await expect.poll(() => page.getByTestId('models-log').textContent(), SLOW).toContain('server is listening on http://127.0.0.1:')
    await page.getByTestId('models-log').scrollIntoViewIfNeeded()
    await shot(page, 'inference-5-log')

    // Stop.
    await page.getByTestId('models-stop').click()
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('stopped')
    await expect.poll(() => statusItem(page).getAttribute('data-state'), SLOW).toBe('stopped')
    expect(await statusItem(page).textContent()).toBe('kiln-tiny-llama · stopped')
    await page.getByTestId('models-view').evaluate((el) => (el.scrollTop = 0))
    await shot(page, 'inference-6-stopped')
  })

  it('shows why a corrupt model cannot start, and Kiln carries on', async () => {
    const { kiln, page } = await session('light', 'key')
    await item(page, BROKEN).waitFor({ timeout: 20_000 })
    await item(page, BROKEN).click()
    await page.getByTestId('models-detail-error').waitFor()
    await page.getByTestId('models-start').click()
    const error = page.getByTestId('models-server-error')
    await error.waitFor(SLOW)
    expect(await error.textContent()).toMatch(/^Could not start the server: .*(GGUF|truncated|load|model)/i)
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).not.toMatch(/ready|loading|starting/)
    await shot(page, 'inference-7-corrupt')

    // The main process survived: the good model still starts.
    expect(kiln.process.exitCode).toBeNull()
    await item(page, TINY).click()
    await page.getByTestId('models-start').click()
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('ready')
    await page.getByTestId('models-stop').click()
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('stopped')
  })
})
