// The Julia REPL from the editor, in Chromium against the browser host, with the test double
// (test/fixtures/julia-double/julia) standing in for `julia` through the julia.executablePath
// setting: run a cell and see the result inline, an error's stack link, interrupt, restart, the
// variables panel, the plot pane, an unexpected exit; and, with no Julia at all, the status item.
import { mkdtempSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, ROOT, startKiln, type KilnServer } from './harness'
import { makeJuliaProject } from './julia-project'
import { openFromExplorer, openKiln, shot, terminalText } from './page'

const DOUBLE = join(ROOT, 'test', 'fixtures', 'julia-double', 'julia')

// Line numbers matter: the tests put the cursor on them.
const SCRATCH = [
  '## arithmetic', // 1
  'x = 1 + 2', // 2
  '', // 3
  '## an error', // 4
  'y = 5', // 5
  'error("boom")', // 6
  '', // 7
  '## slow', // 8
  'sleep(30)', // 9
  '', // 10
  '## a plot', // 11
  'plot(1, 2, 3)', // 12
  '', // 13
  '## lines', // 14
  'a = 10', // 15
  '', // 16
  'b = a * 2', // 17
  '', // 18
  '## the end', // 19
  'exit(3)', // 20
  '',
].join('\n')

interface Ctx {
  folder: string
  kiln: KilnServer
  browser: Browser
  page: Page
}

async function setup(ctx: Ctx, settings: Record<string, string>, env: Record<string, string> = {}): Promise<void> {
  ctx.folder = await makeJuliaProject()
  await writeFile(join(ctx.folder, 'scratch.jl'), SCRATCH)
  ctx.kiln = await startKiln({ folder: ctx.folder, settings, env })
  ctx.browser = await launchChromium()
  ctx.page = await openKiln(ctx.browser, ctx.kiln.url)
}

async function teardown(ctx: Ctx): Promise<void> {
  await ctx.browser?.close()
  await ctx.kiln?.stop()
}

type Inline = { line: number; text: string; kind: string }

/** The inline results Monaco shows in a file's editor (their text is real text in the view). */
function inlineResults(page: Page, file = 'scratch.jl'): Promise<Inline[]> {
  return page.evaluate((file) => {
    type Model = {
      uri: { path: string }
      getAllDecorations(): { range: { endLineNumber: number }; options: { after?: { content: string; inlineClassName?: string } | null } }[]
    }
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getModels(): Model[] } } }).__kilnMonaco
    const model = monaco?.editor.getModels().find((m) => m.uri.path.endsWith(`/${file}`))
    return (model?.getAllDecorations() ?? [])
      .filter((d) => d.options.after?.inlineClassName?.includes('kiln-julia-inline'))
      .map((d) => ({
        line: d.range.endLineNumber,
        text: d.options.after!.content,
        kind: /kiln-julia-inline-(\w+)/.exec(d.options.after!.inlineClassName ?? '')?.[1] ?? '',
      }))
  }, file)
}

async function resultAt(page: Page, line: number, kind: string, timeout = 30_000, file = 'scratch.jl'): Promise<string> {
  await expect.poll(async () => (await inlineResults(page, file)).find((r) => r.line === line)?.kind, { timeout }).toBe(kind)
  return (await inlineResults(page, file)).find((r) => r.line === line)!.text
}

/** Puts the cursor at the start of a line of the active editor and gives it the keyboard. */
async function cursorTo(page: Page, line: number): Promise<void> {
  await page.evaluate((l) => {
    type Ed = { setPosition(p: { lineNumber: number; column: number }): void; focus(): void; hasTextFocus(): boolean; getModel(): unknown }
    const eds = (window as unknown as { __kilnMonaco: { editor: { getEditors(): Ed[] } } }).__kilnMonaco.editor.getEditors()
    const ed = eds.find((e) => e.getModel())!
    ed.focus()
    ed.setPosition({ lineNumber: l, column: 1 })
  }, line)
}

const cursorLine = (page: Page): Promise<number> =>
  page.evaluate(() => {
    type Ed = { getPosition(): { lineNumber: number } | null; getModel(): unknown; hasTextFocus(): boolean }
    const eds = (window as unknown as { __kilnMonaco: { editor: { getEditors(): Ed[] } } }).__kilnMonaco.editor.getEditors()
    return eds.find((e) => e.getModel())?.getPosition()?.lineNumber ?? -1
  })

async function palette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P')
  await page.getByTestId('quick-pick-input').fill(title)
  await page.locator('[data-testid="quick-pick-item"]', { hasText: title }).first().waitFor()
  await page.keyboard.press('Enter')
}

/** Shows the Julia side view (the activity bar icon would hide it when it is already shown). */
const showJuliaView = (page: Page): Promise<void> => palette(page, 'Julia: Show Workspace')

const juliaItem = (page: Page) => page.locator('[data-testid="status-item"][data-id="julia"]')
const moduleItem = (page: Page) => page.locator('[data-testid="status-item"][data-id="julia-module"]')

/** Shows the explorer (the activity bar icon hides it when it is already shown) and opens a file. */
async function openFile(page: Page, path: string): Promise<void> {
  if (!(await page.locator('[data-testid="explorer-item"]').first().isVisible())) await page.getByTestId('activity-explorer').click()
  await openFromExplorer(page, path)
}

// A module in a file: code inside the block runs in Main.Demo once the block has run.
const DEMO = [
  '# A module defined in this file', // 1
  'module Demo', // 2
  '', // 3
  'greet(name) = string("hello ", name)', // 4
  '', // 5
  'answer = 40 + 2', // 6
  '', // 7
  'greet("Kiln")', // 8
  '', // 9
  'end', // 10
  '',
].join('\n')

describe('the Julia REPL (test double)', () => {
  const k = {} as Ctx
  // A slower start (the double waits 1.5 s before its hello) so the progress can be seen.
  beforeAll(() => setup(k, { 'julia.executablePath': DOUBLE, 'julia.threads': '4' }, { KILN_DOUBLE_STARTUP_MS: '1500' }))
  afterAll(() => teardown(k))

  it('Shift+Enter starts the REPL and shows the cell’s result inline', async () => {
    const { page } = k
    await openFromExplorer(page, 'scratch.jl')
    await expect.poll(() => juliaItem(page).getAttribute('data-state')).toBe('stopped')
    await cursorTo(page, 2)
    await page.keyboard.press('Shift+Enter')
    // Progress while Julia starts, then the REPL tab and the measured start-up time.
    const starting = page.locator('[data-testid="julia-banner"][data-state="starting"]')
    await starting.waitFor({ timeout: 10_000 })
    await expect(starting.textContent()).resolves.toBe('Starting Julia 1.12.1…')
    expect(await resultAt(page, 2, 'running')).toBe(' ⟳')
    await shot(page, 'julia-starting')
    expect(await resultAt(page, 2, 'ok')).toBe(' = 3')
    await page.locator('[data-testid="terminal-tab"][data-kind="julia"]').waitFor()
    await expect.poll(() => juliaItem(page).getAttribute('data-state')).toBe('ready')
    await expect(page.getByTestId('julia-banner').textContent()).resolves.toMatch(/Julia 1\.12\.1 started in \d/)
    await expect(page.locator('[data-testid="status-item"][data-id="julia-threads"]').textContent()).resolves.toBe('4 threads')
    // The cursor moved on to the next cell's code.
    expect(await cursorLine(page)).toBe(5)
    // The value is also shown in the REPL, as typing it would.
    const replId = await page.locator('[data-testid="terminal-tab"][data-kind="julia"]').getAttribute('data-terminal-id')
    await expect.poll(() => terminalText(page, replId!)).toContain('julia>')
    await shot(page, 'julia-inline-result')
  })

  it('the variables panel lists the workspace after each evaluation', async () => {
    const { page } = k
    await page.getByTestId('activity-julia').click()
    await page.locator('[data-testid="julia-variable"][data-name="x"]').waitFor()
    await expect(page.locator('[data-testid="julia-variable"][data-name="x"] .type').textContent()).resolves.toBe('Int64')
    // Ctrl+Enter runs one line and moves to the next non-blank one.
    await cursorTo(page, 15)
    await page.keyboard.press('Control+Enter')
    expect(await resultAt(page, 15, 'ok')).toBe(' = 10')
    expect(await cursorLine(page)).toBe(17)
    await page.locator('[data-testid="julia-variable"][data-name="a"]').waitFor()
    // The same from the palette, which lists the command with its key.
    await page.keyboard.press('Control+Shift+P')
    await page.getByTestId('quick-pick-input').fill('Julia: Send Current Line')
    const item = page.locator('[data-testid="quick-pick-item"]', { hasText: 'Julia: Send Current Line or Selection to REPL' })
    await expect(item.locator('.kiln-keys').getAttribute('aria-label')).resolves.toBe('Ctrl+Enter')
    await page.keyboard.press('Enter')
    expect(await resultAt(page, 17, 'ok')).toBe(' = 20')
    await page.getByTestId('julia-variables-filter').fill('a')
    await expect.poll(() => page.locator('[data-testid="julia-variable"]').count()).toBe(1)
    await shot(page, 'julia-variables')
    await page.getByTestId('julia-variables-filter').fill('')
  })

  it('an edit clears the result of the code it touched', async () => {
    const { page } = k
    await cursorTo(page, 15)
    await page.keyboard.press('End')
    await page.keyboard.type('0')
    await expect.poll(async () => (await inlineResults(page)).some((r) => r.line === 15)).toBe(false)
    // The other result stays.
    expect((await inlineResults(page)).some((r) => r.line === 2)).toBe(true)
    await page.keyboard.press('Control+Z')
  })

  it('an error is marked at its line, with stack links that open the file there', async () => {
    const { page } = k
    await cursorTo(page, 5)
    await page.keyboard.press('Shift+Enter')
    expect(await resultAt(page, 6, 'error')).toBe(' ✗ ErrorException: boom')
    const markers = await page.evaluate(() => {
      type Marker = { startLineNumber: number; message: string }
      const monaco = (window as unknown as { __kilnMonaco: { editor: { getModelMarkers(f: { owner: string }): Marker[] } } }).__kilnMonaco
      return monaco.editor.getModelMarkers({ owner: 'kiln-julia' }).map((m) => ({ line: m.startLineNumber, message: m.message }))
    })
    expect(markers).toEqual([{ line: 6, message: 'ErrorException: boom' }])
    // The hover over the result has the message and the stack, frames in the workspace as links.
    await page.locator('.kiln-julia-inline-error').hover()
    const hover = page.locator('.monaco-hover', { hasText: 'Stacktrace' })
    await hover.waitFor()
    await expect(hover.locator('a', { hasText: 'top-level scope at scratch.jl:6' }).count()).resolves.toBe(1)
    await shot(page, 'julia-error-inline')
    await hover.locator('a', { hasText: 'top-level scope at scratch.jl:6' }).click()
    await expect.poll(() => cursorLine(page)).toBe(6)
    await page.keyboard.press('Escape')
    // Away to another file, then the frame link brings the editor back to the failing line.
    await page.getByTestId('activity-explorer').click()
    await openFromExplorer(page, 'README.md')
    await palette(page, 'Julia: Show Error')
    const frame = page.locator('[data-testid="julia-frame"][data-path="scratch.jl"]').first()
    await frame.waitFor()
    await expect(frame.getAttribute('data-line')).resolves.toBe('6')
    await shot(page, 'julia-error-frames')
    await frame.click()
    await page.locator('[data-testid="editor-tab"][data-path="scratch.jl"][aria-selected="true"]').waitFor()
    await expect.poll(() => cursorLine(page)).toBe(6)
  })

  it('interrupts a long evaluation', async () => {
    const { page } = k
    await cursorTo(page, 9)
    await page.keyboard.press('Shift+Enter')
    await resultAt(page, 9, 'running')
    await expect.poll(() => juliaItem(page).getAttribute('data-state')).toBe('busy')
    await shot(page, 'julia-busy')
    const started = Date.now()
    await palette(page, 'Julia: Interrupt Execution')
    expect(await resultAt(page, 9, 'error', 10_000)).toBe(' ✗ Interrupted')
    expect(Date.now() - started).toBeLessThan(10_000)
    await expect.poll(() => juliaItem(page).getAttribute('data-state')).toBe('ready')
  })

  it('shows an image result in the plot pane', async () => {
    const { page } = k
    await cursorTo(page, 12)
    await page.keyboard.press('Shift+Enter')
    await resultAt(page, 12, 'ok')
    const img = page.getByTestId('plot-image')
    await img.waitFor()
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await expect(page.getByTestId('plot-count').textContent()).resolves.toBe('1 / 1')
    await shot(page, 'julia-plot')
    await page.getByTestId('panel-tab-terminal').click()
  })

  it('Alt+J Alt+E picks the environment from a list', async () => {
    const { page } = k
    await cursorTo(page, 2)
    await page.keyboard.press('Alt+J')
    await page.keyboard.press('Alt+E')
    const picker = page.getByTestId('julia-env-picker')
    await picker.waitFor()
    await expect.poll(() => picker.locator('[data-testid="quick-pick-item"]').count()).toBeGreaterThan(0)
    await expect(picker.locator('[data-testid="quick-pick-item"]').first().textContent()).resolves.toContain('workspace root')
    await shot(page, 'julia-env-picker')
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
  })

  it('adds and removes a package through Pkg in the REPL', async () => {
    const { page } = k
    await showJuliaView(page)
    const input = page.getByTestId('julia-add-package')
    await input.fill('Bad-Name')
    await input.press('Enter')
    await expect(page.getByTestId('julia-add-package-error').textContent()).resolves.toContain('Not a package name: Bad-Name')
    await input.fill('Example')
    await input.press('Enter')
    const replId = await page.locator('[data-testid="terminal-tab"][data-kind="julia"]').getAttribute('data-terminal-id')
    await expect.poll(() => terminalText(page, replId!), { timeout: 20_000 }).toContain('Example')
    const pkg = page.locator('[data-testid="julia-package"][data-name="Example"]')
    await pkg.waitFor({ timeout: 20_000 })
    await shot(page, 'julia-pkg-add')
    await pkg.hover()
    await pkg.getByRole('button', { name: 'Remove Example' }).click()
    await pkg.waitFor({ state: 'detached', timeout: 20_000 })
  })

  it('restarts the REPL: a fresh Main, no variables', async () => {
    const { page } = k
    await palette(page, 'Julia: Restart REPL')
    await expect.poll(() => juliaItem(page).getAttribute('data-state'), { timeout: 30_000 }).toBe('ready')
    await showJuliaView(page)
    await expect.poll(() => page.locator('[data-testid="julia-variable"]').count()).toBe(0)
    await cursorTo(page, 2)
    await page.keyboard.press('Shift+Enter')
    await page.locator('[data-testid="julia-variable"][data-name="x"]').waitFor()
    expect(await page.locator('[data-testid="julia-variable"]').count()).toBe(1)
    await shot(page, 'julia-restarted')
  })

  it('runs code in the module around it once that module is loaded, else in Main, and says so', async () => {
    const { page } = k
    await writeFile(join(k.folder, 'demo.jl'), DEMO)
    await openFile(page, 'demo.jl')
    // The status bar names the module a run from the cursor would use.
    await cursorTo(page, 6)
    await expect.poll(() => moduleItem(page).textContent()).toBe('Demo')
    await cursorTo(page, 1)
    await expect.poll(() => moduleItem(page).textContent()).toBe('Main')
    // Inside the block before it ran: Demo is not loaded, so Julia runs the line in Main. The inline
    // result looks as usual; its hover says where the code ran, and the status bar marks Demo.
    await cursorTo(page, 6)
    await page.keyboard.press('Control+Enter')
    expect(await resultAt(page, 6, 'ok', 30_000, 'demo.jl')).toBe(' = 42')
    await page.locator('.kiln-julia-inline-ok').first().hover()
    const hover = page.locator('.monaco-hover', { hasText: 'evaluated in Main (Demo is not loaded)' })
    await hover.waitFor()
    await cursorTo(page, 6)
    await expect.poll(() => moduleItem(page).textContent()).toBe('(Demo)')
    await shot(page, 'julia-module-fallback')
    await page.keyboard.press('Escape')
    // Shift+Enter on `module Demo` runs the whole block (in Main): Main.Demo exists from then on.
    await cursorTo(page, 2)
    await page.keyboard.press('Shift+Enter')
    expect(await resultAt(page, 10, 'ok', 30_000, 'demo.jl')).toBe(' = Main.Demo')
    // A line inside now runs in Main.Demo: its function is there without `Demo.`.
    await cursorTo(page, 8)
    await expect.poll(() => moduleItem(page).textContent()).toBe('Demo')
    await page.keyboard.press('Control+Enter')
    expect(await resultAt(page, 8, 'ok', 30_000, 'demo.jl')).toBe(' = "hello Kiln"')
    await page.locator('.kiln-julia-inline-ok', { hasText: 'hello Kiln' }).hover()
    await page.locator('.monaco-hover', { hasText: 'hello Kiln' }).waitFor()
    await expect(page.locator('.monaco-hover', { hasText: 'is not loaded' }).count()).resolves.toBe(0)
    await shot(page, 'julia-module-loaded')
    await page.keyboard.press('Escape')
    // "Julia: Select Module" pins Main for the file: the same line then runs in Main, where
    // `greet` is not defined. "Choose automatically" undoes the pin.
    await cursorTo(page, 8)
    await palette(page, 'Julia: Select Module')
    const picker = page.getByTestId('julia-module-picker')
    await picker.waitFor()
    await expect(picker.locator('[data-testid="quick-pick-item"]').allTextContents()).resolves.toEqual([
      expect.stringContaining('Choose automatically'),
      expect.stringContaining('Main'),
      expect.stringContaining('Demo'),
    ])
    await shot(page, 'julia-module-picker')
    await picker.locator('[data-testid="quick-pick-item"]', { hasText: /^Main/ }).click()
    await expect.poll(() => moduleItem(page).textContent()).toBe('Main')
    await cursorTo(page, 8)
    await page.keyboard.press('Control+Enter')
    expect(await resultAt(page, 8, 'error', 30_000, 'demo.jl')).toMatch(/UndefVarError: `greet` not defined in `Main`/)
    await moduleItem(page).click()
    await page.getByTestId('julia-module-picker').locator('[data-testid="quick-pick-item"]', { hasText: 'Choose automatically' }).click()
    await cursorTo(page, 8)
    await expect.poll(() => moduleItem(page).textContent()).toBe('Demo')
    await openFile(page, 'scratch.jl')
  })

  it('an unexpected exit shows its code and last output, and offers a restart', async () => {
    const { page } = k
    await cursorTo(page, 20)
    await page.keyboard.press('Shift+Enter')
    const banner = page.locator('[data-testid="julia-banner"][data-state="exited"]')
    await banner.waitFor({ timeout: 20_000 })
    await expect(banner.textContent()).resolves.toContain('code 3')
    await expect.poll(() => juliaItem(page).getAttribute('data-state')).toBe('exited')
    await shot(page, 'julia-exited')
    await page.getByTestId('julia-restart').click()
    await expect.poll(() => juliaItem(page).getAttribute('data-state'), { timeout: 30_000 }).toBe('ready')
    expect(await banner.count()).toBe(0)
  })

  it('Shift+Enter in the terminal stays the terminal’s', async () => {
    const { page } = k
    const replId = (await page.locator('[data-testid="terminal-tab"][data-kind="julia"]').getAttribute('data-terminal-id'))!
    const prompts = async () => (await terminalText(page, replId)).split('julia>').length
    const before = await prompts()
    await page.locator('[data-testid="terminal-view"][data-active="true"]').click()
    await page.keyboard.press('Shift+Enter')
    // The REPL got the Enter (a fresh prompt); no code ran from the editor.
    await expect.poll(prompts).toBe(before + 1)
    expect((await inlineResults(page)).some((r) => r.kind === 'running')).toBe(false)
  })
})

describe('an older Julia', () => {
  const k = {} as Ctx
  beforeAll(() => setup(k, { 'julia.executablePath': DOUBLE }, { KILN_DOUBLE_VERSION: '1.10.5' }))
  afterAll(() => teardown(k))

  it('shows its version, with what needs 1.12 in the tooltip', async () => {
    const item = juliaItem(k.page)
    await expect.poll(() => item.textContent(), { timeout: 20_000 }).toContain('Julia 1.10.5')
    expect(await item.getAttribute('title')).toMatch(/1\.12/)
  })
})

describe('without Julia', () => {
  const k = {} as Ctx
  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'kiln-e2e-home-'))
    await mkdir(join(home, '.juliaup'), { recursive: true })
    await setup(k, { 'julia.executablePath': '' }, { PATH: '/usr/bin:/bin', HOME: home })
  })
  afterAll(() => teardown(k))

  it('says so in the status bar, with the command that installs it', async () => {
    const { page } = k
    const item = juliaItem(page)
    await expect.poll(() => item.textContent(), { timeout: 20_000 }).toContain('Julia not found')
    await item.click()
    const note = page.locator('[data-testid="notification"]', { hasText: 'Install it with' })
    await note.waitFor()
    expect(await note.locator('button', { hasText: 'Copy Command' }).count()).toBe(1)
    await shot(page, 'julia-missing')
    // Running code says so where it was run, with the install command in the hover.
    await openFile(page, 'scratch.jl')
    await cursorTo(page, 2)
    await page.keyboard.press('Shift+Enter')
    expect(await resultAt(page, 2, 'error', 10_000)).toBe(' ✗ Julia not found')
    // Everything else keeps working: the editor opens files.
    await openFromExplorer(page, 'src/Demo.jl')
  })
})
