// Language features in the browser host, driven from the keyboard: the index's progress in the
// status bar, Ctrl+T to a definition, F12 from a call into another file, hover with the docstring,
// and the references peek.
import { describe, expect, it } from 'vitest'
import { cursor, placeCursor, type MonacoHook } from './editor-cursor'
import { openFromExplorer, shot, useKilnPage } from './page'

describe('Julia language features', () => {
  const k = useKilnPage()

  it('shows the index in the status bar once the workspace is indexed', async () => {
    const item = k.page.locator('[data-testid="status-item"][data-id="lang"]')
    await expect.poll(() => item.textContent(), { timeout: 20_000 }).toMatch(/^\{ \}\d+ symbols$/)
    expect(await item.getAttribute('title')).toMatch(/definitions in 2 files/)
  })

  it('Ctrl+T finds a definition by name and Enter opens it at its line', async () => {
    await openFromExplorer(k.page, 'test/runtests.jl')
    await k.page.keyboard.press('Control+T')
    const picker = k.page.getByTestId('workspace-symbols')
    await picker.waitFor()
    await picker.getByTestId('quick-pick-input').fill('gree')
    const first = picker.getByTestId('quick-pick-item').first()
    await expect.poll(() => first.textContent()).toMatch(/^greetfunction — Demo · src\/Demo\.jl:19$/)
    await shot(k.page, 'lang-workspace-symbols')
    await k.page.keyboard.press('Enter')
    await picker.waitFor({ state: 'detached' })
    await k.page.locator('[data-testid="editor-tab"][data-path="src/Demo.jl"]').waitFor()
    await expect.poll(() => cursor(k.page)).toEqual({ path: 'src/Demo.jl', line: 19 })
  })

  it('F12 on a call jumps to the definition in another file', async () => {
    await openFromExplorer(k.page, 'test/runtests.jl')
    // `@test Demo.norm2(Demo.Point(3, 4)) == 25`: the cursor inside `norm2`.
    await placeCursor(k.page, 'test/runtests.jl', 4, 14)
    await k.page.keyboard.press('F12')
    await expect.poll(() => cursor(k.page)).toEqual({ path: 'src/Demo.jl', line: 17 })
    await shot(k.page, 'lang-go-to-definition')
  })

  it('hover shows the signature and the docstring', async () => {
    // `norm2(p::Point) = …`: hover on `Point`.
    await placeCursor(k.page, 'src/Demo.jl', 17, 12)
    await k.page.evaluate(() => {
      const monaco = (window as unknown as { __kilnMonaco?: MonacoHook }).__kilnMonaco
      void monaco?.editor.getEditors().find((e) => e.hasTextFocus())?.getAction('editor.action.showHover')?.run()
    })
    const hover = k.page.locator('.monaco-hover:not(.hidden)')
    await expect.poll(() => hover.textContent(), { timeout: 10_000 }).toContain('A point in the plane.')
    expect(await hover.textContent()).toContain('struct Point')
    expect(await hover.textContent()).toContain('src/Demo.jl:12')
    await shot(k.page, 'lang-hover')
    await k.page.keyboard.press('Escape')
  })

  it('Shift+F12 peeks at the references across files', async () => {
    // `struct Point` on line 12: Point is used in Demo.jl and in test/runtests.jl.
    await placeCursor(k.page, 'src/Demo.jl', 12, 9)
    await k.page.keyboard.press('Shift+F12')
    const peek = k.page.locator('.peekview-widget')
    await peek.waitFor({ timeout: 10_000 })
    await expect.poll(() => peek.locator('.monaco-list-row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Demo\.jl/), expect.stringMatching(/^runtests\.jl/)]),
    )
    await shot(k.page, 'lang-references')
    await k.page.keyboard.press('Escape')
  })
})
