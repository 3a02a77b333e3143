// juliac builds from the UI, with the juliac double standing in for juliac (juliac.executablePath):
// New Julia App → build (live phase, then success) → artifacts and the ELF report → run → package;
// then a build with verifier errors → the Problems list, a frame that opens the file at its line,
// and the editor's markers. Screenshots of each state in test-results/screenshots/builds-*.png.
import { mkdir, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, ROOT, startKiln, type KilnServer } from './harness'
import { openKiln, shot } from './page'

const DOUBLE = join(ROOT, 'test', 'fixtures', 'juliac-double', 'juliac')

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P')
  await page.keyboard.type(title)
  await page.getByText(title, { exact: true }).first().waitFor()
  await page.keyboard.press('Enter')
}

type Marker = { startLineNumber: number; message: string; resource: { path: string } }
const juliacMarkers = (page: Page): Promise<{ path: string; line: number; message: string }[]> =>
  page.evaluate(() => {
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getModelMarkers(f: { owner: string }): Marker[] } } }).__kilnMonaco
    return (monaco?.editor.getModelMarkers({ owner: 'kiln-juliac' }) ?? []).map((m) => ({ path: m.resource.path, line: m.startLineNumber, message: m.message }))
  })

const cursorLine = (page: Page): Promise<number | null> =>
  page.evaluate(() => {
    type Ed = { hasTextFocus(): boolean; getPosition(): { lineNumber: number } | null }
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getEditors(): Ed[] } } }).__kilnMonaco
    const ed = monaco?.editor.getEditors().find((e) => e.hasTextFocus()) ?? monaco?.editor.getEditors()[0]
    return ed?.getPosition()?.lineNumber ?? null
  })

describe('juliac builds in the browser host', () => {
  let folder = ''
  let root = ''
  let kiln: KilnServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    // The recorded verifier errors (JuliaC.jl's test app) point at ~/src/JuliaC.jl/test/AppProject:
    // with HOME here, the app created below is that folder, so its frames land in the workspace.
    root = await mkdtemp(join(tmpdir(), 'kiln-e2e-builds-'))
    folder = join(root, 'src', 'JuliaC.jl', 'test')
    await mkdir(folder, { recursive: true })
    kiln = await startKiln({ folder, settings: { 'juliac.executablePath': DOUBLE }, env: { KILN_JULIAC_DELAY: '0.4', HOME: root } })
    browser = await launchChromium()
    page = await openKiln(browser, kiln.url)
  })
  afterAll(async () => {
    await browser?.close()
    await kiln?.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('shows juliac found, and no configurations yet', async () => {
    await page.getByTestId('activity-builds').click()
    const status = page.getByTestId('builds-juliac')
    await expect.poll(() => status.getAttribute('data-found'), { timeout: 15_000 }).toBe('true')
    expect(await status.textContent()).toContain('juliac 0.2.1')
    await page.getByTestId('builds-empty').waitFor()
    await shot(page, 'builds-empty')
  })

  it('creates a new app and opens its entry file', async () => {
    await command(page, 'Juliac: New Julia App…')
    await page.getByTestId('builds-new-app-picker').waitFor()
    await page.keyboard.type('AppProject')
    await page.getByText('Create AppProject/').waitFor()
    await page.keyboard.press('Enter')
    // The app has its own folder and .kiln/builds.json: open it as the workspace.
    await page.getByTestId('dialog').waitFor()
    await shot(page, 'builds-new-app-dialog')
    await page.getByTestId('dialog-button').filter({ hasText: 'Open Folder' }).click()
    await page.locator('[data-testid="editor-tab"][data-path="src/AppProject.jl"]').waitFor({ timeout: 15_000 })
    folder = join(folder, 'AppProject')
    const card = page.locator('[data-testid="builds-config"][data-name="AppProject"]')
    await card.waitFor({ timeout: 15_000 })
    await shot(page, 'builds-new-app')
  })

  it('builds: the phase and elapsed time tick, then success with metrics and a log', async () => {
    const card = page.getByTestId('builds-config').first()
    await card.getByTestId('builds-build').click()
    const latest = card.getByTestId('builds-latest')
    await expect.poll(() => latest.getAttribute('data-state'), { timeout: 10_000 }).toBe('running')
    const item = page.locator('[data-testid="status-item"][data-id="juliac-build"]')
    await item.waitFor()
    const t1 = await item.textContent()
    await shot(page, 'builds-running')
    await page.waitForTimeout(700)
    expect(await item.textContent()).not.toBe(t1) // the elapsed time ticks
    await expect.poll(() => latest.getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded')
    expect(await card.getByTestId('builds-metrics').textContent()).toMatch(/Wall.*CPU.*Peak memory.*Output/)
    expect(Number(await page.getByTestId('builds-log').getAttribute('data-lines'))).toBeGreaterThan(0)
    expect(await item.count()).toBe(0)
    await shot(page, 'builds-succeeded')
  })

  it('a second build with nothing changed is skipped and says why', async () => {
    const card = page.getByTestId('builds-config').first()
    await card.getByTestId('builds-build').click()
    await expect.poll(() => card.getByTestId('builds-latest').getAttribute('data-state'), { timeout: 10_000 }).toBe('skipped')
    expect(await card.getByTestId('builds-message').textContent()).toMatch(/nothing changed/)
  })

  it('shows the artifacts: tree, size breakdown, the ELF report; runs the program; packages it', async () => {
    const card = page.getByTestId('builds-config').first()
    await card.getByTestId('builds-show-artifacts').click()
    await page.getByTestId('builds-artifacts').waitFor()
    await page.getByTestId('builds-tree-row').first().waitFor()
    const kinds = await page.getByTestId('builds-tree-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))
    expect(kinds).toContain('exe')
    expect(await page.getByTestId('builds-breakdown-part').count()).toBeGreaterThan(0)
    await page.getByTestId('builds-elf').waitFor({ timeout: 15_000 })
    const pie = page.locator('[data-testid="builds-elf-check"][data-label="PIE"]')
    expect(await pie.textContent()).toMatch(/PIE.*(yes|no)/)
    expect(await page.getByTestId('builds-elf-lib').count()).toBeGreaterThan(0)
    await shot(page, 'builds-artifacts')

    await page.getByTestId('builds-run-args').fill('world')
    await page.getByTestId('builds-run-button').click()
    const result = page.getByTestId('builds-run-result')
    await result.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('builds-run-exit').textContent()).toBe('exit 0')
    expect(await page.getByTestId('builds-run-isolation').locator('li').first().textContent()).toMatch(/working folder/)
    expect(await page.getByTestId('builds-run-stdout').textContent()).toContain('world')
    await page.getByTestId('builds-run-result').scrollIntoViewIfNeeded()
    await shot(page, 'builds-run')

    await page.getByTestId('builds-package-version').fill('1.2.0')
    await page.getByTestId('builds-package').click()
    const pkg = page.getByTestId('builds-package-result')
    await pkg.waitFor({ timeout: 30_000 })
    const path = (await page.getByTestId('builds-package-path').textContent()) ?? ''
    expect(path).toMatch(/-1\.2\.0-.*\.tar\.gz/)
    expect(await page.getByTestId('builds-package-sha').textContent()).toMatch(/sha256 [0-9a-f]{64}/)
    await pkg.scrollIntoViewIfNeeded()
    await shot(page, 'builds-package')
  })

  it('a build with verifier errors lists the problems, marks the source, and a frame opens the file at its line', async () => {
    const file = join(folder, 'src', 'AppProject.jl')
    const text = await readFile(file, 'utf8')
    await writeFile(file, `${text}\n# kiln-juliac: verifier-errors\n`)
    const card = page.getByTestId('builds-config').first()
    await card.getByTestId('builds-build').click()
    await expect.poll(() => card.getByTestId('builds-latest').getAttribute('data-state'), { timeout: 60_000 }).toBe('failed')
    await card.getByTestId('builds-headline').click()
    await page.getByTestId('builds-problems').waitFor()
    const problems = page.getByTestId('builds-problem')
    expect(await problems.count()).toBeGreaterThan(0)
    expect(await problems.first().textContent()).toMatch(/Verifier error #1: unresolved call/)
    await shot(page, 'builds-problems')
    // The recorded stack's one frame in the app: `main(ARGS)` at src/AppProject.jl:6 (Base's frames are plain text).
    const frames = page.getByTestId('builds-frame')
    expect(await frames.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-path')}:${e.getAttribute('data-line')}`))).toEqual(['src/AppProject.jl:6'])
    if ((await frames.count()) > 0) {
      const frame = frames.first()
      const framePath = (await frame.getAttribute('data-path'))!
      const frameLine = Number(await frame.getAttribute('data-line'))
      await frame.click()
      await page.locator(`[data-testid="editor-tab"][data-path="${framePath}"]`).waitFor()
      await expect.poll(() => cursorLine(page)).toBe(frameLine)
      await expect.poll(() => juliacMarkers(page)).toEqual([{ path: '/src/AppProject.jl', line: 6, message: expect.stringMatching(/^Verifier error #1: unresolved call/) }])
      await shot(page, 'builds-marker')
    } else {
      throw new Error('no verifier-error frame resolved into the workspace')
    }
  })

  it('edits a configuration: a path for the bare name is refused as typed; a save writes .kiln/builds.json', async () => {
    const card = page.locator('[data-testid="builds-config"][data-name="AppProject"]')
    await card.getByTestId('builds-edit').click()
    const editor = page.getByTestId('builds-editor')
    await editor.waitFor()
    await page.getByTestId('builds-input-name').fill('build/AppProject')
    expect(await page.getByTestId('builds-error-name').textContent()).toMatch(/bare name, not a path/)
    await page.getByTestId('builds-input-extraArgs').fill('--trim=no')
    expect(await page.getByTestId('builds-error-extraArgs').textContent()).toMatch(/--trim has its own field/)
    await shot(page, 'builds-editor-invalid')
    await page.getByTestId('builds-save').click()
    expect(await editor.isVisible()).toBe(true) // nothing saved, nothing lost
    expect(await page.getByTestId('builds-input-name').inputValue()).toBe('build/AppProject')
    await page.getByTestId('builds-input-name').fill('AppProject')
    await page.getByTestId('builds-input-extraArgs').fill('--verbose')
    await page.getByTestId('builds-input-cpuTarget').fill('x86-64-v3')
    await page.getByTestId('builds-save').click()
    await editor.waitFor({ state: 'detached' })
    expect(await card.locator('.kiln-builds-flags').textContent()).toContain('x86-64-v3')
    const saved = JSON.parse(await readFile(join(folder, '.kiln', 'builds.json'), 'utf8')) as { builds: { cpuTarget: string; extraArgs: string[] }[] }
    expect(saved.builds[0]).toMatchObject({ cpuTarget: 'x86-64-v3', extraArgs: ['--verbose'] })
  })
})

describe('juliac missing', () => {
  it('says what to install, with the command to copy', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kiln-e2e-nojuliac-'))
    const kiln = await startKiln({ folder: home, env: { HOME: home, PATH: '/usr/bin:/bin' } })
    const browser = await launchChromium()
    try {
      const page = await openKiln(browser, kiln.url)
      await page.getByTestId('activity-builds').click()
      const status = page.getByTestId('builds-juliac')
      await expect.poll(() => status.getAttribute('data-found'), { timeout: 15_000 }).toBe('false')
      expect(await page.getByTestId('builds-install-command').textContent()).toMatch(/JuliaC/)
      await shot(page, 'builds-juliac-missing')
    } finally {
      await browser.close()
      await kiln.stop()
      await rm(home, { recursive: true, force: true })
    }
  })
})
