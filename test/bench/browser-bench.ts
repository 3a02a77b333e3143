// The start-up benchmark: `kiln serve` + Debian's Chromium (through Playwright), measured from Node.
// The terminal benchmark is terminal-bench.ts.
import type { Browser } from 'playwright-core'
import { startKiln } from '../e2e/harness'
import { makeJuliaProject } from '../e2e/julia-project'
import { openFromExplorer, openKiln } from '../e2e/page-actions'

export interface StartupRun {
  /** `kiln serve` printed its URL -> the workbench is on screen. */
  workbenchMs: number
  /** `kiln serve` printed its URL -> a Julia file is open in an editable Monaco (includes one click). */
  editableMs: number
  /** The page's own clock: navigation start -> editor editable. */
  pageEditableMs: number
}

export async function benchStartup(browser: Browser): Promise<StartupRun> {
  const folder = await makeJuliaProject()
  const kiln = await startKiln({ folder })
  try {
    const ready = performance.now() // startKiln resolves on the URL line
    const page = await openKiln(browser, kiln.url)
    const workbenchMs = performance.now() - ready
    await openFromExplorer(page, 'src/Demo.jl')
    await page.locator('.monaco-editor .view-lines').first().click()
    const editableMs = performance.now() - ready
    const pageEditableMs = await page.evaluate(() => (window as unknown as { __kilnEditorReady: number }).__kilnEditorReady)
    await page.context().close()
    return { workbenchMs, editableMs, pageEditableMs }
  } finally {
    await kiln.stop()
  }
}
