// The evaluation round trip as the UI sees it: from the page's JavaScript, `julia:eval` over the
// browser host's WebSocket (the same JSON wire the renderer's SocketApi speaks), through main, the
// side channel and the julia double, back to the page; minus the time the double says it spent
// evaluating. Also, for context, Shift+Enter in the editor to the inline result on screen.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { ROOT, startKiln } from '../e2e/harness'
import { makeJuliaProject } from '../e2e/julia-project'
import { openFromExplorer, openKiln } from '../e2e/page-actions'

const DOUBLE = join(ROOT, 'test', 'fixtures', 'julia-double', 'julia')

export interface JuliaEvalUiBench {
  n: number
  /** Page → result back in the page, minus evalMs: median and 95th percentile. */
  medianMs: number
  p95Ms: number
  evalMedianMs: number
  /** Shift+Enter keydown → inline `= …` decoration painted (includes evaluation), median of `keyRuns`. */
  keyToInlineMedianMs: number
  keyRuns: number
  /** A bare contract call (`app:info`) from the page and back: the transport alone. */
  callBaselineMs: number
  /** Request to result as main measured it (`EvalOutcome.totalMs`), median. */
  mainTotalMedianMs: number
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
}

export async function benchJuliaEvalUi(browser: Browser, opts: { n?: number; keyRuns?: number } = {}): Promise<JuliaEvalUiBench> {
  const n = opts.n ?? 200
  const keyRuns = opts.keyRuns ?? 15
  const folder = await makeJuliaProject()
  await writeFile(join(folder, 'bench.jl'), Array.from({ length: keyRuns }, (_, i) => `x${i} = ${i} + 1\n`).join(''))
  const kiln = await startKiln({ folder, settings: { 'julia.executablePath': DOUBLE, 'julia.threads': '1' } })
  try {
    const page = await openKiln(browser, kiln.url)
    // tsx keeps function names with an `__name` helper that the page does not have.
    await page.evaluate('globalThis.__name = (f) => f')
    // One socket of the page's own, speaking the wire format (src-preload/contract.ts WireMessage).
    const pairs = await page.evaluate(async (count: number) => {
      const ws = new WebSocket(`ws://${location.host}/ws`)
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve()
        ws.onerror = () => reject(new Error('websocket failed'))
      })
      const waiting = new Map<number, (r: { ok: boolean; value?: { ok: boolean; text: string; evalMs: number; totalMs: number }; message?: string }) => void>()
      ws.onmessage = (e: MessageEvent<string>) => {
        const m = JSON.parse(e.data) as { t: string; id?: number; result?: never }
        if (m.t === 'result' && m.id !== undefined) waiting.get(m.id)?.(m.result as never)
      }
      let next = 1
      const call = (ch: string, args: unknown) =>
        new Promise<{ ok: boolean; value?: { ok: boolean; text: string; evalMs: number; totalMs: number }; message?: string }>((resolve) => {
          const id = next++
          waiting.set(id, resolve)
          ws.send(JSON.stringify({ t: 'call', id, ch, args }))
        })
      const started = await call('julia:start', { cols: 100, rows: 30 })
      if (!started.ok) throw new Error(`julia:start: ${started.message}`)
      const infoRtt: number[] = []
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now()
        await call('app:info', {})
        infoRtt.push(performance.now() - t0)
      }
      ;(window as unknown as { __infoRtt: number[] }).__infoRtt = infoRtt
      const out: [number, number, number][] = []
      for (let i = -20; i < count; i++) {
        const t0 = performance.now()
        const r = await call('julia:eval', { code: `${i} + 1`, path: 'bench.jl', line: 1 })
        const total = performance.now() - t0
        if (!r.ok || !r.value?.ok || r.value.text !== String(i + 1)) throw new Error(`bad result for ${i} + 1: ${JSON.stringify(r)}`)
        if (i >= 0) out.push([total, r.value.evalMs, r.value.totalMs])
      }
      ws.close()
      return out
    }, n)
    const added = pairs.map(([total, evalMs]) => total - evalMs)
    const mainTotals = pairs.map(([, , t]) => t)
    const callBaseline = await page.evaluate(() => (window as unknown as { __infoRtt: number[] }).__infoRtt)

    // Shift+Enter on each line: keydown (page clock) → the line's inline result decoration exists.
    await openFromExplorer(page, 'bench.jl')
    await page.locator('.monaco-editor .view-lines').first().click()
    await page.keyboard.press('Control+Home')
    const keyMs: number[] = []
    for (let i = 0; i < keyRuns; i++) {
      await page.evaluate(() => {
        const w = window as unknown as { __benchKey?: number }
        window.addEventListener('keydown', () => (w.__benchKey = performance.now()), { capture: true, once: true })
      })
      await page.keyboard.press('Shift+Enter')
      const ms = await page.evaluate(
        (line: number) =>
          new Promise<number>((resolve, reject) => {
            const deadline = performance.now() + 10_000
            const poll = (): void => {
              const found = hasResult(line) && document.querySelectorAll('.kiln-julia-inline-ok').length >= line // painted, not only decided
              if (found) return resolve(performance.now() - ((window as unknown as { __benchKey: number }).__benchKey ?? NaN))
              if (performance.now() > deadline) return reject(new Error(`no inline result on line ${line}`))
              requestAnimationFrame(poll)
            }
            const hasResult = (l: number): boolean => {
              type Dec = { range: { endLineNumber: number }; options: { after?: { content: string; inlineClassName?: string } | null } }
              const m = (window as unknown as { __kilnMonaco: { editor: { getModels(): { uri: { path: string }; getAllDecorations(): Dec[] }[] } } }).__kilnMonaco
              const model = m.editor.getModels().find((x) => x.uri.path.endsWith('/bench.jl'))
              return (model?.getAllDecorations() ?? []).some(
                (d) => d.range.endLineNumber === l && (d.options.after?.inlineClassName ?? '').includes('kiln-julia-inline-ok'),
              )
            }
            poll()
          }),
        i + 1,
      )
      keyMs.push(ms)
    }
    await page.context().close()
    return {
      n,
      medianMs: quantile(added, 0.5),
      p95Ms: quantile(added, 0.95),
      evalMedianMs: quantile(
        pairs.map(([, e]) => e),
        0.5,
      ),
      keyToInlineMedianMs: quantile(keyMs, 0.5),
      keyRuns,
      callBaselineMs: quantile(callBaseline, 0.5),
      mainTotalMedianMs: quantile(mainTotals, 0.5),
    }
  } finally {
    await kiln.stop()
  }
}
