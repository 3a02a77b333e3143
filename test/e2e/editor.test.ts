// A new user's first minutes in the browser host: open a Julia package, browse, edit, save,
// see the outline and a syntax error, find things.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useKilnPage, modelText, openFromExplorer, shot, syntaxMarkers } from './page'

describe('editor in the browser host', () => {
  const k = useKilnPage()

  it('shows the workspace in the explorer', async () => {
    for (const p of ['src', 'test', 'Project.toml', 'README.md']) {
      await k.page.locator(`[data-testid="explorer-item"][data-path="${p}"]`).waitFor()
    }
    await shot(k.page, 'explorer')
  })

  it('opens a Julia file with its outline', async () => {
    await openFromExplorer(k.page, 'src/Demo.jl')
    expect(await modelText(k.page, 'src/Demo.jl')).toContain('module Demo')
    await k.page.getByTestId('activity-outline').click()
    const outline = k.page.getByTestId('outline')
    await outline.getByText('greet', { exact: true }).waitFor()
    for (const name of ['Demo', 'Point', 'GREETING', 'norm2', '@twice']) {
      await expect(outline.getByText(name, { exact: true }).count()).resolves.toBeGreaterThan(0)
    }
    await shot(k.page, 'outline')
  })

  it('edits and saves the bytes to disk', async () => {
    const tab = k.page.locator('[data-testid="editor-tab"][data-path="src/Demo.jl"]')
    await k.page.locator('.monaco-editor .view-lines').first().click()
    await k.page.keyboard.press('Control+End')
    await k.page.keyboard.type('\n# edited in Kiln\n')
    await expect.poll(() => tab.getAttribute('data-dirty')).toBe('true')
    await k.page.keyboard.press('Control+S')
    await expect.poll(() => tab.getAttribute('data-dirty')).toBe('false')
    const onDisk = await readFile(join(k.folder, 'src', 'Demo.jl'), 'utf8')
    expect(onDisk).toBe(await modelText(k.page, 'src/Demo.jl'))
    expect(onDisk.endsWith('end # module\n\n# edited in Kiln\n')).toBe(true)
  })

  it('marks a syntax error while typing', async () => {
    await k.page.keyboard.press('Control+End')
    await k.page.keyboard.type('function broken(x\n')
    await expect.poll(async () => (await syntaxMarkers(k.page)).length, { timeout: 10_000 }).toBeGreaterThan(0)
    await shot(k.page, 'syntax-error')
    // Undo back to the saved text (the tab turns clean) and confirm the marker goes away.
    const tab = k.page.locator('[data-testid="editor-tab"][data-path="src/Demo.jl"]')
    for (let i = 0; i < 10 && (await tab.getAttribute('data-dirty')) === 'true'; i++) await k.page.keyboard.press('Control+Z')
    expect(await tab.getAttribute('data-dirty')).toBe('false')
    await expect.poll(async () => (await syntaxMarkers(k.page)).length, { timeout: 10_000 }).toBe(0)
  })

  it('lists every command with its shortcut in the palette', async () => {
    await k.page.keyboard.press('Control+Shift+P')
    const palette = k.page.getByTestId('command-palette')
    await palette.waitFor()
    await k.page.getByTestId('quick-pick-input').fill('go to file')
    await expect.poll(() => k.page.getByTestId('quick-pick-item').first().textContent()).toMatch(/Go to File.*Ctrl.*P/s)
    await shot(k.page, 'command-palette')
    await k.page.keyboard.press('Escape')
    await palette.waitFor({ state: 'detached' })
  })

  it('finds a file with Quick Open', async () => {
    await k.page.keyboard.press('Control+P')
    await k.page.getByTestId('quick-open').waitFor()
    await k.page.getByTestId('quick-pick-input').fill('runtests')
    await expect.poll(() => k.page.getByTestId('quick-pick-item').first().textContent()).toContain('runtests.jl')
    await k.page.keyboard.press('Enter')
    await k.page.locator('[data-testid="editor-tab"][data-path="test/runtests.jl"]').waitFor()
  })

  it('finds text in files', async () => {
    await k.page.keyboard.press('Control+Shift+F')
    await k.page.getByTestId('search-view').waitFor()
    await k.page.getByTestId('search-input').fill('GREETING')
    const file = k.page.locator('[data-testid="search-result-file"][data-path="src/Demo.jl"]')
    await file.waitFor()
    await expect(k.page.getByTestId('search-result-match').count()).resolves.toBe(2)
    await shot(k.page, 'find-in-files')
  })

  it('opens the settings view', async () => {
    await k.page.keyboard.press('Control+,')
    await k.page.getByTestId('settings-view').waitFor()
    await k.page.locator('[data-testid="setting"][data-key="editor.fontSize"]').waitFor()
    await shot(k.page, 'settings')
  })
})
