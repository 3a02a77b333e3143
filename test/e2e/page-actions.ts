// Page helpers for the e2e suite and the benchmarks: open Kiln in Chromium and reach into Monaco and
// the terminals through the small test hooks the renderer exposes (window.__kilnMonaco,
// window.__kilnTerminals). No vitest here: test/bench runs these under plain Node.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ROOT } from './harness'

export const SHOTS = join(ROOT, 'test-results', 'screenshots')

/** `before` runs on the new page before it loads Kiln (e.g. to watch its WebSocket from the start). */
export async function openKiln(browser: Browser, url: string, before?: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  before?.(page)
  await page.goto(url)
  await page.getByTestId('workbench').waitFor()
  return page
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/** Opens a workspace file through the explorer, expanding folders on the way. */
export async function openFromExplorer(page: Page, path: string): Promise<void> {
  const parts = path.split('/')
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/')
    const item = page.locator(`[data-testid="explorer-item"][data-path="${dir}"]`)
    await item.waitFor()
    if ((await page.locator(`[data-testid="explorer-item"][data-path^="${dir}/"]`).count()) === 0) await item.click()
  }
  await page.locator(`[data-testid="explorer-item"][data-path="${path}"]`).click()
  await page.locator(`[data-testid="editor-tab"][data-path="${path}"]`).waitFor()
  await page.waitForFunction(() => (window as unknown as { __kilnEditorReady?: number }).__kilnEditorReady !== undefined)
}

/** The text of the Monaco model whose URI ends with the path. */
export function modelText(page: Page, path: string): Promise<string | null> {
  return page.evaluate((p) => {
    type Model = { uri: { path: string }; getValue(): string }
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getModels(): Model[] } } }).__kilnMonaco
    const model = monaco?.editor.getModels().find((m) => m.uri.path.endsWith('/' + p))
    return model ? model.getValue() : null
  }, path)
}

export function syntaxMarkers(page: Page): Promise<{ line: number; message: string }[]> {
  return page.evaluate(() => {
    type Marker = { startLineNumber: number; message: string }
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getModelMarkers(f: { owner: string }): Marker[] } } }).__kilnMonaco
    return (monaco?.editor.getModelMarkers({ owner: 'kiln-syntax' }) ?? []).map((m) => ({ line: m.startLineNumber, message: m.message }))
  })
}

type TerminalHooks = Record<string, { readBuffer(): string }>

export async function terminalIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="terminal-tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-terminal-id') ?? ''))
}

export async function waitForTerminalText(page: Page, id: string, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([tid, t]) => ((window as unknown as { __kilnTerminals?: TerminalHooks }).__kilnTerminals?.[tid]?.readBuffer() ?? '').includes(t),
    [id, text] as const,
    { timeout },
  )
}

export const terminalText = (page: Page, id: string): Promise<string> =>
  page.evaluate((tid) => (window as unknown as { __kilnTerminals?: TerminalHooks }).__kilnTerminals?.[tid]?.readBuffer() ?? '', id)
