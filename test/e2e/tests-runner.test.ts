// Running a package's tests from the UI, with the julia test double on PATH: "Julia: Run Tests"
// from the command palette, the sets and counts in the Tests view, a failure's link opening the
// file at the failing line, and cancelling a long run.
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, ROOT, startKiln, type KilnServer } from './harness'
import { openKiln, shot } from './page'

const DOUBLE_DIR = join(ROOT, 'test', 'fixtures', 'julia-double')
const PACKAGES = join(ROOT, 'test', 'fixtures', 'julia-tests', 'packages')

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P')
  await page.keyboard.type(title)
  await page.getByText(title, { exact: true }).first().waitFor()
  await page.keyboard.press('Enter')
}

/** The line of the cursor in the editor that has focus (Monaco's own state). */
const cursorLine = (page: Page): Promise<number | null> =>
  page.evaluate(() => {
    type Ed = { hasTextFocus(): boolean; getPosition(): { lineNumber: number } | null; getModel(): { uri: { path: string } } | null }
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getEditors(): Ed[] } } }).__kilnMonaco
    const ed = monaco?.editor.getEditors().find((e) => e.hasTextFocus()) ?? monaco?.editor.getEditors()[0]
    return ed?.getPosition()?.lineNumber ?? null
  })

describe('package tests in the browser host', () => {
  let folder = ''
  let kiln: KilnServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kiln-e2e-tests-'))
    await cp(join(PACKAGES, 'failures'), folder, { recursive: true })
    kiln = await startKiln({ folder, env: { PATH: `${DOUBLE_DIR}${delimiter}${process.env.PATH ?? ''}`, KILN_DOUBLE_TESTS_DELAY: '1' } })
    browser = await launchChromium()
    page = await openKiln(browser, kiln.url)
  })
  afterAll(async () => {
    await browser?.close()
    await kiln?.stop()
    await rm(folder, { recursive: true, force: true })
  })

  it('runs the tests and shows each set with its counts, then the failures', async () => {
    await command(page, 'Julia: Run Tests')
    const view = page.getByTestId('tests-view')
    await view.waitFor()
    await expect.poll(() => view.getAttribute('data-state'), { timeout: 20_000 }).toBe('failed')
    const sets = page.getByTestId('tests-set')
    expect(await sets.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-name')}:${r.getAttribute('data-status')}`))).toEqual([
      'Arith:failed', 'add:failed', 'division:failed', 'mean:broken', 'stats:failed',
    ])
    const arith = sets.first()
    expect(await arith.locator('[data-kind="pass"]').textContent()).toBe('4')
    expect(await arith.locator('[data-kind="fail"]').textContent()).toBe('1')
    expect(await arith.locator('[data-kind="error"]').textContent()).toBe('2')
    expect(await arith.locator('[data-kind="broken"]').textContent()).toBe('1')
    expect(await page.getByTestId('tests-headline').textContent()).toMatch(/^4 passed, 1 failed, 2 errored, 1 broken in \d+\.\d s$/)
    expect(await page.getByTestId('tests-failure-link').allTextContents()).toEqual(['test/runtests.jl:8', 'test/runtests.jl:13', 'test/runtests.jl:19'])
    expect(await page.getByTestId('tests-failure').first().textContent()).toContain('Evaluated: 4 == 5')
    await shot(page, 'tests-failed')
  })

  it('a failure link opens the file at the failing line', async () => {
    await page.getByTestId('tests-failure-link').nth(1).click()
    await page.locator('[data-testid="editor-tab"][data-path="test/runtests.jl"]').waitFor()
    await expect.poll(() => cursorLine(page)).toBe(13)
    await shot(page, 'tests-open-failure')
  })

  it('shows the raw output on demand', async () => {
    await page.getByTestId('tests-output-toggle').click()
    const out = page.getByTestId('tests-output')
    await out.waitFor()
    expect(await out.textContent()).toContain('ERROR: Package Arith errored during testing')
  })

  it('cancels a long run', async () => {
    await cp(join(PACKAGES, 'long', 'test', 'runtests.jl'), join(folder, 'test', 'runtests.jl'))
    await page.getByTestId('tests-run').click()
    const view = page.getByTestId('tests-view')
    await expect.poll(() => view.getAttribute('data-state')).toBe('running')
    await expect.poll(() => page.getByTestId('tests-set').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await shot(page, 'tests-running')
    await page.getByTestId('tests-cancel').click()
    await expect.poll(() => view.getAttribute('data-state'), { timeout: 10_000 }).toBe('cancelled')
    expect(await page.getByTestId('tests-headline').textContent()).toMatch(/^Cancelled after/)
    await expect.poll(() => page.getByTestId('tests-run').isVisible()).toBe(true)
  })
})
