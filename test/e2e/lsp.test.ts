// The language server path in the browser host, the way a user meets it: the stand-in server
// (test/fixtures/lsp-standin/server.mjs, real LSP over stdio) configured as `julia.languageServerPath`
// in the user's settings; the status bar while it starts, indexes and is ready; its diagnostics as
// squiggles that follow unsaved edits; hover and go to definition answered by it; and, when it keeps
// crashing, a failed state with the reason while Kiln's own index answers.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, ROOT, startKiln, type KilnServer } from './harness'
import { makeJuliaProject } from './julia-project'
import { cursor, placeCursor, type MonacoHook } from './editor-cursor'
import { openFromExplorer, openKiln, shot } from './page'

const STANDIN = join(ROOT, 'test', 'fixtures', 'lsp-standin', 'server.mjs')

// The stand-in reads definitions line by line, so the `function` line inside this string is one
// for it, while Kiln's index (a parser) sees a string: a definition only the server can find.
const SCRATCH = [
  '# scratch', // 1
  'const DOC = """', // 2
  'function only_the_server_knows(x)', // 3
  '"""', // 4
  '', // 5
  'only_the_server_knows(1)', // 6
  'y = undefined_thing + 1', // 7
  'z = greet("you")', // 8
  '',
].join('\n')

interface Ctx {
  folder: string
  kiln: KilnServer
  browser: Browser
  page: Page
}

async function setup(ctx: Ctx, env: Record<string, string>): Promise<void> {
  ctx.folder = await makeJuliaProject()
  await writeFile(join(ctx.folder, 'scratch.jl'), SCRATCH)
  // A machine setting: only the user's own settings file may name the command to run.
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(STANDIN)}`
  ctx.kiln = await startKiln({ folder: ctx.folder, settings: { 'julia.languageServerPath': command }, env })
  ctx.browser = await launchChromium()
  ctx.page = await openKiln(ctx.browser, ctx.kiln.url)
}

async function teardown(ctx: Ctx): Promise<void> {
  await ctx.browser?.close()
  await ctx.kiln?.stop()
}

const serverItem = (page: Page) => page.locator('[data-testid="status-item"][data-id="lang-server"]')
const indexItem = (page: Page) => page.locator('[data-testid="status-item"][data-id="lang"]')

/** The language server's markers (owner kiln-lsp) in a file: line, column, message. */
const lspMarkers = (page: Page, path: string): Promise<{ line: number; column: number; message: string }[]> =>
  page.evaluate((p) => {
    const monaco = (window as unknown as { __kilnMonaco?: MonacoHook }).__kilnMonaco
    return (monaco?.editor.getModelMarkers({ owner: 'kiln-lsp' }) ?? [])
      .filter((m) => m.resource.path === `/${p}`)
      .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: m.message }))
  }, path)

/** Shows the hover at the cursor (as Ctrl+K Ctrl+I does) and returns its text once it has some. */
async function hoverAt(page: Page, path: string, line: number, column: number, expected: string): Promise<string> {
  await placeCursor(page, path, line, column)
  await page.evaluate(() => {
    const monaco = (window as unknown as { __kilnMonaco?: MonacoHook }).__kilnMonaco
    void monaco?.editor.getEditors().find((e) => e.hasTextFocus())?.getAction('editor.action.showHover')?.run()
  })
  const hover = page.locator('.monaco-hover:not(.hidden)')
  await expect.poll(() => hover.textContent(), { timeout: 10_000 }).toContain(expected)
  return (await hover.textContent()) ?? ''
}

describe('a language server configured by the user', () => {
  const k = {} as Ctx
  // Slow enough to watch: initialize takes 4 s (a Julia server loading packages), indexing 4 s.
  beforeAll(() => setup(k, { LSP_STANDIN_INITIALIZE_MS: '4000', LSP_STANDIN_INDEX_MS: '4000' }))
  afterAll(() => teardown(k))

  it('shows the server starting, then indexing with its progress, then ready, beside the index', async () => {
    const item = serverItem(k.page)
    // Before the server names itself (initialize's serverInfo) Kiln knows only that node runs a script.
    await expect.poll(() => item.textContent(), { timeout: 10_000, interval: 50 }).toBe('Language server: starting')
    expect(await item.getAttribute('title')).toMatch(/^starting Language server\n/)
    await shot(k.page, 'lsp-status-starting')
    await expect.poll(() => item.textContent(), { timeout: 10_000, interval: 50 }).toMatch(/^lsp-standin: indexing \d+%$/)
    expect(await item.getAttribute('title')).toMatch(/^lsp-standin is indexing\nIndexing: \d\/3 files \(\d+%\)\n/)
    await expect.poll(() => item.textContent(), { timeout: 10_000, interval: 50 }).toBe('lsp-standin: indexing 50%')
    expect(await item.getAttribute('title')).toContain('Indexing: 2/3 files (50%)')
    await shot(k.page, 'lsp-status-indexing')
    await expect.poll(() => item.textContent(), { timeout: 10_000 }).toBe('lsp-standin ready')
    expect(await item.getAttribute('title')).toBe('lsp-standin is ready')
    expect(await indexItem(k.page).textContent()).toMatch(/^\{ \}\d+ symbols$/)
    await shot(k.page, 'lsp-status-ready')
  })

  it('underlines what the server reports and shows its message on hover', async () => {
    await openFromExplorer(k.page, 'scratch.jl')
    await expect.poll(() => lspMarkers(k.page, 'scratch.jl'), { timeout: 10_000 }).toEqual([
      { line: 7, column: 5, message: '`undefined_thing` not defined' },
    ])
    await expect.poll(() => k.page.locator('.squiggly-error').count()).toBeGreaterThan(0)
    const text = await hoverAt(k.page, 'scratch.jl', 7, 8, 'undefined_thing` not defined')
    expect(text).toContain('standin') // the diagnostic's source
    await shot(k.page, 'lsp-diagnostic-hover')
    await k.page.keyboard.press('Escape')
  })

  it('hover answers from the server', async () => {
    // `z = greet("you")`: the stand-in says where greet is defined, in words Kiln's index never uses.
    const text = await hoverAt(k.page, 'scratch.jl', 8, 6, 'function defined at src/Demo.jl:19')
    expect(text).toContain('function greet(name::AbstractString)')
    await shot(k.page, 'lsp-hover')
    await k.page.keyboard.press('Escape')
  })

  it('F12 goes where the server says, even where the index knows nothing', async () => {
    await placeCursor(k.page, 'scratch.jl', 6, 5)
    await k.page.keyboard.press('F12')
    await expect.poll(() => cursor(k.page)).toEqual({ path: 'scratch.jl', line: 3 })
  })

  it('diagnostics follow the unsaved text', async () => {
    // A new offending line at the end, and the old one fixed, without saving.
    await placeCursor(k.page, 'scratch.jl', 8, 17)
    await k.page.keyboard.press('End')
    await k.page.keyboard.press('Enter')
    await k.page.keyboard.type('w = undefined_thing')
    await expect.poll(() => lspMarkers(k.page, 'scratch.jl'), { timeout: 10_000 }).toEqual([
      { line: 7, column: 5, message: '`undefined_thing` not defined' },
      { line: 9, column: 5, message: '`undefined_thing` not defined' },
    ])
    await placeCursor(k.page, 'scratch.jl', 7, 1)
    await k.page.keyboard.press('End')
    await k.page.keyboard.press('Shift+Home')
    await k.page.keyboard.type('y = 1')
    await expect.poll(() => lspMarkers(k.page, 'scratch.jl'), { timeout: 10_000 }).toEqual([
      { line: 9, column: 5, message: '`undefined_thing` not defined' },
    ])
    expect(await k.page.locator('[data-testid="editor-tab"][data-path="scratch.jl"]').getAttribute('data-dirty')).toBe('true')
    await shot(k.page, 'lsp-diagnostics-follow-edits')
  })
})

describe('a language server that keeps crashing', () => {
  const k = {} as Ctx
  beforeAll(() => setup(k, { LSP_STANDIN_CRASH: 'initialized' }))
  afterAll(() => teardown(k))

  it('ends as failed with the reason in the tooltip, and the index answers instead', async () => {
    const item = serverItem(k.page)
    // Five restarts with backoff (0.5 + 1 + 2 + 4 + 8 s), then Kiln gives up.
    await expect.poll(() => item.textContent(), { timeout: 20_000, interval: 100 }).toMatch(/^lsp-standin: restarting [1-5]\/5$/)
    expect(await item.getAttribute('title')).toMatch(/^lsp-standin exited with code 5; restarting \([1-5] of 5\)\n/)
    await shot(k.page, 'lsp-status-restarting')
    await expect.poll(() => item.textContent(), { timeout: 40_000, interval: 200 }).toBe('lsp-standin: failed')
    const title = (await item.getAttribute('title')) ?? ''
    expect(title).toBe(
      "lsp-standin stopped 6 times (last: exited with code 5); Kiln's own index answers until it is restarted\nClick to restart it.",
    )
    expect(await item.getAttribute('data-state')).toBe('failed')
    expect(await item.locator('svg').count()).toBe(1) // the warning icon
    await expect.poll(() => indexItem(k.page).textContent(), { timeout: 20_000 }).toMatch(/^\{ \}\d+ symbols$/)
    await shot(k.page, 'lsp-status-failed')

    await openFromExplorer(k.page, 'scratch.jl')
    // The index's hover: the docstring and where, no "defined at" from a server.
    const hover = await hoverAt(k.page, 'scratch.jl', 8, 6, 'src/Demo.jl:19')
    expect(hover).not.toContain('defined at')
    await k.page.keyboard.press('Escape')
    // What only the server knew is gone with it (the first suite's F12 was the server's)...
    await placeCursor(k.page, 'scratch.jl', 6, 5)
    await k.page.keyboard.press('F12')
    await new Promise((r) => setTimeout(r, 1500))
    expect(await cursor(k.page)).toEqual({ path: 'scratch.jl', line: 6 })
    // ...and the index's F12 still works.
    await placeCursor(k.page, 'scratch.jl', 8, 6)
    await k.page.keyboard.press('F12')
    await expect.poll(() => cursor(k.page)).toEqual({ path: 'src/Demo.jl', line: 19 })
    expect(await lspMarkers(k.page, 'scratch.jl')).toEqual([])
  })

  it('starts the failed server again when its status item is clicked', async () => {
    const item = serverItem(k.page)
    expect(await item.textContent()).toBe('lsp-standin: failed')
    await item.click()
    // A fresh start (this stand-in crashes again, so it soon says restarting): no longer failed.
    await expect.poll(() => item.textContent(), { timeout: 10_000, interval: 50 }).not.toBe('lsp-standin: failed')
  })
})
