// Benchmarks that need the whole product: `kiln serve` + Debian's Chromium, measured from Node.
import type { Browser, Page } from 'playwright-core'
import { startKiln } from '../e2e/harness'
import { makeJuliaProject } from '../e2e/julia-project'
import { openFromExplorer, openKiln, terminalIds } from '../e2e/page'

type TerminalHooks = Record<string, { readBuffer(): string; tail(rows: number): string }>

/** Waits in the page, once a frame, until the terminal's last rows match (reading only the tail,
 *  so that the measurement does not compete with xterm for the page's thread). */
async function waitInPage(page: Page, id: string, pattern: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    ([tid, src]) => new RegExp(src, 'm').test((window as unknown as { __kilnTerminals?: TerminalHooks }).__kilnTerminals?.[tid]?.tail(60) ?? ''),
    [id, pattern] as const,
    { timeout: timeoutMs, polling: 'raf' },
  )
}

/** The terminal's last non-blank line (the shell's prompt when it is idle). */
async function lastLine(page: Page, id: string): Promise<string> {
  const text = await page.evaluate((tid) => (window as unknown as { __kilnTerminals?: TerminalHooks }).__kilnTerminals?.[tid]?.tail(60) ?? '', id)
  return (text.trimEnd().split('\n').at(-1) ?? '').trimEnd()
}

export interface TerminalBench {
  bytes: number
  fullPathMs: number
  fullPathBytesPerSec: number
  ctrlCLatencyMs: number[]
  renderer: string
}

export async function benchTerminal(browser: Browser, bytes: number): Promise<TerminalBench> {
  const kiln = await startKiln({ folder: await makeJuliaProject(), env: { SHELL: '/bin/bash' } })
  try {
    const page = await openKiln(browser, kiln.url)
    if (!(await page.getByTestId('bottom-panel').isVisible())) await page.keyboard.press('Control+`')
    const view = page.getByTestId('terminal-view').first()
    await view.waitFor()
    const [id] = await terminalIds(page)
    if (!id) throw new Error('no terminal')
    await view.click()
    const renderer = (await view.getAttribute('data-renderer')) ?? 'unknown'
    await page.keyboard.type('echo ready-$((1+1))\n')
    await waitInPage(page, id, '^ready-2', 20_000)

    // Throughput: N bytes of output through pty -> main -> WebSocket -> xterm, until rendered.
    const started = performance.now()
    await page.keyboard.type(`head -c ${bytes} /dev/zero | tr '\\0' x; echo; echo done-$((40+2))\n`)
    await waitInPage(page, id, '^done-42', 600_000)
    const fullPathMs = performance.now() - started

    // Ctrl-C during a flood: from the key press until the shell's prompt is back on screen.
    const prompt = await lastLine(page, id)
    const ctrlCLatencyMs: number[] = []
    for (let i = 0; i < 3; i++) {
      await page.keyboard.type('clear\n')
      await page.waitForTimeout(300)
      await page.keyboard.type('yes kiln-flood\n')
      await waitInPage(page, id, '^kiln-flood', 20_000)
      await page.waitForTimeout(1000)
      const t0 = performance.now()
      await page.keyboard.press('Control+C')
      await page.waitForFunction(
        ([tid, p]) => {
          const text = (window as unknown as { __kilnTerminals?: TerminalHooks }).__kilnTerminals?.[tid]?.tail(60) ?? ''
          const lines = text.trimEnd().split('\n')
          return lines.at(-1)?.trimEnd() === p && (lines.at(-2) ?? '').includes('^C')
        },
        [id, prompt] as const,
        { timeout: 30_000, polling: 'raf' },
      )
      ctrlCLatencyMs.push(performance.now() - t0)
    }
    await page.context().close()
    return { bytes, fullPathMs, fullPathBytesPerSec: (bytes / fullPathMs) * 1000, ctrlCLatencyMs, renderer }
  } finally {
    await kiln.stop()
  }
}

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
