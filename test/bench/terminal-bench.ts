// Terminal throughput and Ctrl-C latency through the whole product: a pty in `kiln serve`, main's
// batching and flow control, the WebSocket, xterm.js in Chromium. Chromium is driven over bare CDP
// (cdp.ts): Playwright would copy every WebSocket frame of the flood to itself.
import { startKiln } from '../e2e/harness'
import { makeJuliaProject } from '../e2e/julia-project'
import { openBarePage, type BarePage } from './cdp'

export interface TerminalBench {
  bytes: number
  fullPathMs: number
  fullPathBytesPerSec: number
  ctrlCLatencyMs: number[]
  renderer: string
  /** The terminal's size in the workbench (for the xterm-alone baseline). */
  size: { cols: number; rows: number }
}

/** The terminal's last 60 rows (only the tail, so that polling does not compete with xterm). */
const tail = (id: string): string => `(window.__kilnTerminals?.[${JSON.stringify(id)}]?.tail(60) ?? '')`
const matches = (id: string, pattern: RegExp): string => `${pattern.toString()}.test(${tail(id)})`
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function firstTerminal(page: BarePage): Promise<string> {
  await page.waitFor(`document.querySelector('[data-testid="workbench"]')`, 30_000)
  const panelShown = await page.evaluate<boolean>(`getComputedStyle(document.querySelector('[data-testid="bottom-panel"]')).display !== 'none'`)
  if (!panelShown) throw new Error('the bottom panel is hidden: the benchmark expects the default layout')
  await page.waitFor(`document.querySelector('[data-testid="terminal-view"] .xterm-helper-textarea')`, 30_000)
  await page.evaluate(`document.querySelector('[data-testid="terminal-view"] .xterm-helper-textarea').focus()`)
  return page.evaluate<string>(`document.querySelector('[data-testid="terminal-tab"]').getAttribute('data-terminal-id')`)
}

export async function benchTerminal(bytes: number): Promise<TerminalBench> {
  const kiln = await startKiln({ folder: await makeJuliaProject(), env: { SHELL: '/bin/bash' } })
  let page: BarePage | null = null
  try {
    page = await openBarePage(kiln.url)
    const id = await firstTerminal(page)
    const renderer = await page.evaluate<string>(`document.querySelector('[data-testid="terminal-view"]').dataset.renderer ?? 'unknown'`)
    await page.type('echo ready-$((1+1)) size-$(stty size | tr " " x)\n')
    await page.waitFor(matches(id, /^ready-2 size-\d+x\d+/m), 20_000)
    const [rows, cols] = (/^ready-2 size-(\d+)x(\d+)/m.exec(await page.evaluate<string>(tail(id))) ?? []).slice(1).map(Number)

    // Throughput: N bytes of output through pty -> main -> WebSocket -> xterm, until rendered.
    const started = performance.now()
    await page.type(`head -c ${bytes} /dev/zero | tr '\\0' x; echo; echo done-$((40+2))\n`)
    await page.waitFor(matches(id, /^done-42$/m), 600_000)
    const fullPathMs = performance.now() - started

    // Ctrl-C during a flood: from the key press until the shell's prompt is back on screen. The
    // prompt is read once the shell has printed it after done-42 (it may come in a later batch).
    await page.waitFor(matches(id, /^done-42\s*\n.*\S/m), 20_000)
    const prompt = (await page.evaluate<string>(tail(id))).trimEnd().split('\n').at(-1)?.trimEnd() ?? ''
    const promptBack = `(() => { const l = ${tail(id)}.trimEnd().split('\\n'); return l.at(-1)?.trimEnd() === ${JSON.stringify(prompt)} && (l.at(-2) ?? '').includes('^C') })()`
    const ctrlCLatencyMs: number[] = []
    for (let i = 0; i < 3; i++) {
      await page.type('clear\n')
      await pause(300)
      await page.type('yes kiln-flood\n')
      await page.waitFor(matches(id, /^kiln-flood/m), 20_000)
      await pause(1000)
      const t0 = performance.now()
      await page.pressCtrlC()
      await page.waitFor(promptBack, 30_000)
      ctrlCLatencyMs.push(performance.now() - t0)
    }
    return { bytes, fullPathMs, fullPathBytesPerSec: (bytes / fullPathMs) * 1000, ctrlCLatencyMs, renderer, size: { cols, rows } }
  } finally {
    try {
      await page?.close()
    } finally {
      await kiln.stop()
    }
  }
}
