// `npm run bench`: Kiln's benchmarks. Each reports a ratio against a baseline measured in the same
// run (DESIGN.md: speed is measured, not guessed). Not a test: nothing here passes or fails.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { launchChromium, ROOT } from '../e2e/harness'
import { benchStartup } from './browser-bench'
import { benchTerminal } from './terminal-bench'
import { measureXtermAlone } from './xterm-alone'
import { measureRawPty } from './terminal-raw'
import { writePerformanceDoc } from './report'
import { benchJuliaEval } from './julia-eval'
import { benchJuliaEvalUi } from './julia-eval-ui'
import { benchInference, describeInference, inferenceDocSection } from './inference'
import { benchMonitor, describeMonitor, monitorDocSection } from './monitor'
import { benchCompletion, describeCompletion } from './completion'
import { benchChat, chatDocSection, describeChat } from './chat'

const MB = 1024 * 1024
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

async function main(): Promise<void> {
  const bytes = Number(process.env.KILN_BENCH_MB ?? 64) * MB
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadBefore: loadavg()[0] }
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadBefore.toFixed(2)}`)

  const only = process.env.KILN_BENCH_ONLY // 'terminal', 'startup', 'julia', 'inference', 'completion', 'monitor' or 'chat': a quick look at one figure
  if (only === 'inference') {
    console.log(describeInference(await benchInference()))
    return
  }
  if (only === 'completion') {
    console.log(describeCompletion(await benchCompletion()))
    return
  }
  if (only === 'monitor') {
    console.log(describeMonitor(await benchMonitor()))
    return
  }
  if (only === 'chat') {
    const browser = await launchChromium()
    try {
      console.log(describeChat(await benchChat(browser, { runs: Number(process.env.KILN_BENCH_CHAT_RUNS) || undefined })))
    } finally {
      await browser.close()
    }
    return
  }
  if (only === 'startup') {
    const browser = await launchChromium()
    const runs = []
    for (let i = 0; i < 5; i++) runs.push(await benchStartup(browser))
    await browser.close()
    console.log(runs.map((r) => `workbench ${r.workbenchMs.toFixed(0)} editable ${r.editableMs.toFixed(0)} page ${r.pageEditableMs.toFixed(0)}`).join('\n'))
    console.log(`startup median editable: ${median(runs.map((r) => r.editableMs)).toFixed(0)} ms`)
    return
  }
  if (only === 'julia') {
    const browser = await launchChromium()
    try {
      const main = await benchJuliaEval()
      console.log(`julia eval, main leg: +${main.medianMs.toFixed(2)} ms median, p95 ${main.p95Ms.toFixed(2)} ms`)
      const ui = await benchJuliaEvalUi(browser)
      console.log(`julia eval, page -> result in page: +${ui.medianMs.toFixed(2)} ms median, p95 ${ui.p95Ms.toFixed(2)} ms; Shift+Enter -> inline result ${ui.keyToInlineMedianMs.toFixed(1)} ms`)
    } finally {
      await browser.close()
    }
    return
  }
  const raw = []
  for (let i = 0; i < 3; i++) raw.push(await measureRawPty(bytes))
  const rawBps = median(raw.map((r) => r.bytesPerSec))
  console.log(`raw node-pty: ${(rawBps / MB).toFixed(1)} MiB/s (median of 3)`)

  // Its own Chromium, driven over bare CDP (terminal-bench.ts).
  const term = await benchTerminal(bytes)
  const ratio = term.fullPathBytesPerSec / rawBps
  console.log(`full path: ${(term.fullPathBytesPerSec / MB).toFixed(1)} MiB/s = ${ratio.toFixed(2)} of raw (${term.renderer} renderer)`)
  const xtermBps = await measureXtermAlone(bytes, term.size)
  console.log(`xterm.js alone, ${term.size.cols}x${term.size.rows}: ${(xtermBps / MB).toFixed(1)} MiB/s; the full path is ${(term.fullPathBytesPerSec / xtermBps).toFixed(2)} of it`)
  console.log(`Ctrl-C to prompt during \`yes\`: ${term.ctrlCLatencyMs.map((x) => x.toFixed(0)).join(', ')} ms`)
  if (only === 'terminal') return

  const browser = await launchChromium()
  try {
    const startup = []
    for (let i = 0; i < 3; i++) startup.push(await benchStartup(browser))
    const editable = median(startup.map((s) => s.editableMs))
    console.log(`startup, host ready -> editable editor: ${editable.toFixed(0)} ms (median of 3)`)

    const juliaMain = await benchJuliaEval()
    console.log(`julia eval, main leg (router -> service -> side channel -> double): +${juliaMain.medianMs.toFixed(2)} ms median`)
    const juliaUi = await benchJuliaEvalUi(browser)
    console.log(`julia eval, page -> result in page, minus evaluation: +${juliaUi.medianMs.toFixed(2)} ms median, p95 ${juliaUi.p95Ms.toFixed(2)} ms`)

    const inference = await benchInference()
    console.log(describeInference(inference))

    const monitor = await benchMonitor()
    console.log(describeMonitor(monitor))

    const chat = await benchChat(browser)
    console.log(describeChat(chat))

    const completion = await benchCompletion()
    console.log(describeCompletion(completion))

    const results = {
      date: new Date().toISOString(),
      machine: { ...machine, loadAfter: loadavg()[0] },
      terminal: {
        bytes,
        rawBytesPerSec: rawBps,
        rawRuns: raw.map((r) => r.bytesPerSec),
        fullPathBytesPerSec: term.fullPathBytesPerSec,
        ratio,
        xtermAloneBytesPerSec: xtermBps,
        renderer: term.renderer,
        ctrlCLatencyMs: term.ctrlCLatencyMs,
      },
      startup: { runs: startup, medianEditableMs: editable },
      julia: { main: juliaMain, ui: juliaUi },
      inference,
      monitor,
      chat,
      completion,
    }
    const dir = join(ROOT, 'test', 'bench', 'results')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
    writePerformanceDoc(join(ROOT, 'docs', 'performance.md'), results)
    appendFileSync(join(ROOT, 'docs', 'performance.md'), `\n${inferenceDocSection(inference)}`)
    appendFileSync(join(ROOT, 'docs', 'performance.md'), `\n${monitorDocSection(monitor)}`)
    appendFileSync(join(ROOT, 'docs', 'performance.md'), `\n${chatDocSection(chat)}`)
    console.log('written: test/bench/results/latest.json, docs/performance.md')
  } finally {
    await browser.close()
  }
}

void main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
