// LaTeX-to-Unicode input and snippets in a Julia editor, typed as a user would.
import { describe, expect, it } from 'vitest'
import { modelText, openFromExplorer, shot, useKilnPage } from './page'

describe('Julia input in the editor', () => {
  const k = useKilnPage()
  const text = () => modelText(k.page, 'src/Demo.jl')
  const lastLine = async () => ((await text()) ?? '').split('\n').at(-1)

  it('turns \\alpha<Tab> into α and \\^2<Tab> into ², like the REPL', async () => {
    await openFromExplorer(k.page, 'src/Demo.jl')
    await k.page.locator('.monaco-editor .view-lines').first().click()
    await k.page.keyboard.press('Control+End')
    await k.page.keyboard.type('x = \\alpha')
    await k.page.keyboard.press('Tab')
    await expect.poll(lastLine).toBe('x = α')
    await k.page.keyboard.type('\\^2')
    await k.page.keyboard.press('Tab')
    await expect.poll(lastLine).toBe('x = α²')
    await k.page.keyboard.type(' \\in')
    await k.page.keyboard.press('Tab')
    await expect.poll(lastLine).toBe('x = α² ∈')
    // Undo restores the name, as one step.
    await k.page.keyboard.press('Control+Z')
    await expect.poll(lastLine).toBe('x = α² \\in')
    await k.page.keyboard.press('Control+Y')
    await expect.poll(lastLine).toBe('x = α² ∈')
  })

  it('lists the symbols a prefix starts, and keeps Tab for indenting elsewhere', async () => {
    await k.page.keyboard.press('Enter')
    await k.page.keyboard.type('y = \\alp')
    // Quick suggestions open by themselves while a \name is typed (asynchronously: under load they
    // can come after an early Escape). Wait for them, close them, so Tab is what opens the list.
    const widget = k.page.locator('.suggest-widget.visible')
    await widget.waitFor()
    await k.page.keyboard.press('Escape')
    await widget.waitFor({ state: 'hidden' })
    await k.page.keyboard.press('Tab')
    const row = k.page.locator('.suggest-widget .monaco-list-row', { hasText: '\\alpha' })
    await row.first().waitFor()
    await shot(k.page, 'julia-input-latex-suggest')
    await k.page.keyboard.press('Enter')
    await expect.poll(lastLine).toBe('y = α')
    // No \name before the cursor: Tab indents.
    await k.page.keyboard.press('Enter')
    await k.page.keyboard.press('Tab')
    await k.page.keyboard.type('z')
    await expect.poll(lastLine).toBe('    z')
  })

  it('expands a @testset snippet and walks its tab stops', async () => {
    await k.page.keyboard.press('Enter')
    await k.page.keyboard.press('Shift+Tab')
    await k.page.keyboard.press('Home')
    await k.page.keyboard.type('@testse')
    await k.page.keyboard.press('Control+Space')
    await k.page.locator('.suggest-widget .monaco-list-row', { hasText: '@testset' }).first().waitFor()
    await k.page.keyboard.press('Enter')
    await expect.poll(text).toContain('@testset "description" begin')
    await k.page.keyboard.type('arithmetic') // replaces the selected placeholder
    await k.page.keyboard.press('Tab') // to the body
    await k.page.keyboard.type('@test 1 + 1 == 2')
    await expect.poll(text).toMatch(/\n(?:z\n)?\s*@testset "arithmetic" begin\n\s+@test 1 \+ 1 == 2\nend$/)
    expect(await text()).not.toContain('@@')
    await shot(k.page, 'julia-input-snippet')
  })
})
