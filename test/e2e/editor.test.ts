// A new user's first minutes in the browser host: open a Julia package, browse, edit, save,
// see the outline and a syntax error, find things.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { makeJuliaProject } from './julia-project'
import { modelText, openFromExplorer, openKiln, shot, syntaxMarkers } from './page'

describe('editor in the browser host', () => {
  let folder: string
  let kiln: KilnServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    folder = await makeJuliaProject()
    kiln = await startKiln({ folder })
    browser = await launchChromium()
    page = await openKiln(browser, kiln.url)
  })
  afterAll(async () => {
    await browser?.close()
    await kiln?.stop()
  })

  it('shows the workspace in the explorer', async () => {
    for (const p of ['src', 'test', 'Project.toml', 'README.md']) {
      await page.locator(`[data-testid="explorer-item"][data-path="${p}"]`).waitFor()
    }
    await shot(page, 'explorer')
  })

  it('opens a Julia file with its outline', async () => {
    await openFromExplorer(page, 'src/Demo.jl')
    expect(await modelText(page, 'src/Demo.jl')).toContain('module Demo')
    await page.getByTestId('activity-outline').click()
    const outline = page.getByTestId('outline')
    await outline.getByText('greet', { exact: true }).waitFor()
    for (const name of ['Demo', 'Point', 'GREETING', 'norm2', '@twice']) {
      await expect(outline.getByText(name, { exact: true }).count()).resolves.toBeGreaterThan(0)
    }
    await shot(page, 'outline')
  })

  it('edits and saves the bytes to disk', async () => {
    const tab = page.locator('[data-testid="editor-tab"][data-path="src/Demo.jl"]')
    await page.locator('.monaco-editor .view-lines').first().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('\n# edited in Kiln\n')
    await expect.poll(() => tab.getAttribute('data-dirty')).toBe('true')
    await page.keyboard.press('Control+S')
    await expect.poll(() => tab.getAttribute('data-dirty')).toBe('false')
    const onDisk = await readFile(join(folder, 'src', 'Demo.jl'), 'utf8')
    expect(onDisk).toBe(await modelText(page, 'src/Demo.jl'))
    expect(onDisk.endsWith('end # module\n\n# edited in Kiln\n')).toBe(true)
  })

  it('marks a syntax error while typing', async () => {
    await page.keyboard.press('Control+End')
    await page.keyboard.type('function broken(x\n')
    await expect.poll(async () => (await syntaxMarkers(page)).length, { timeout: 10_000 }).toBeGreaterThan(0)
    await shot(page, 'syntax-error')
    // Undo back to the saved text (the tab turns clean) and confirm the marker goes away.
    const tab = page.locator('[data-testid="editor-tab"][data-path="src/Demo.jl"]')
    for (let i = 0; i < 10 && (await tab.getAttribute('data-dirty')) === 'true'; i++) await page.keyboard.press('Control+Z')
    expect(await tab.getAttribute('data-dirty')).toBe('false')
    await expect.poll(async () => (await syntaxMarkers(page)).length, { timeout: 10_000 }).toBe(0)
  })

  it('lists every command with its shortcut in the palette', async () => {
    await page.keyboard.press('Control+Shift+P')
    const palette = page.getByTestId('command-palette')
    await palette.waitFor()
    await page.getByTestId('quick-pick-input').fill('go to file')
    await expect.poll(() => page.getByTestId('quick-pick-item').first().textContent()).toMatch(/Go to File.*Ctrl.*P/s)
    await shot(page, 'command-palette')
    await page.keyboard.press('Escape')
    await palette.waitFor({ state: 'detached' })
  })

  it('finds a file with Quick Open', async () => {
    await page.keyboard.press('Control+P')
    await page.getByTestId('quick-open').waitFor()
    await page.getByTestId('quick-pick-input').fill('runtests')
    await expect.poll(() => page.getByTestId('quick-pick-item').first().textContent()).toContain('runtests.jl')
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="editor-tab"][data-path="test/runtests.jl"]').waitFor()
  })

  it('finds text in files', async () => {
    await page.keyboard.press('Control+Shift+F')
    await page.getByTestId('search-view').waitFor()
    await page.getByTestId('search-input').fill('GREETING')
    const file = page.locator('[data-testid="search-result-file"][data-path="src/Demo.jl"]')
    await file.waitFor()
    await expect(page.getByTestId('search-result-match').count()).resolves.toBe(2)
    await shot(page, 'find-in-files')
  })

  it('opens the settings view', async () => {
    await page.keyboard.press('Control+,')
    await page.getByTestId('settings-view').waitFor()
    await page.locator('[data-testid="setting"][data-key="editor.fontSize"]').waitFor()
    await shot(page, 'settings')
  })
})
