// Writes docs/performance.md from one benchmark run's results, beside the budgets from DESIGN.md.
import { writeFileSync } from 'node:fs'
import type { JuliaEvalBench } from './julia-eval'
import type { JuliaEvalUiBench } from './julia-eval-ui'
import type { ChatBench } from './chat'
import type { CompletionBench } from './completion'

export interface BenchResults {
  date: string
  machine: { cpu: string; cores: number; loadBefore: number; loadAfter: number }
  terminal: {
    bytes: number
    rawBytesPerSec: number
    fullPathBytesPerSec: number
    ratio: number
    /** xterm.js alone in the same Chromium (test/bench/xterm-alone.ts). */
    xtermAloneBytesPerSec: number
    renderer: string
    ctrlCLatencyMs: number[]
  }
  startup: { runs: { workbenchMs: number; editableMs: number; pageEditableMs: number }[]; medianEditableMs: number }
  julia: { main: JuliaEvalBench; ui: JuliaEvalUiBench }
  /** test/bench/chat.ts; its own section follows (chatDocSection). */
  chat?: ChatBench
  /** test/bench/completion.ts: cancelling completions as the user types. */
  completion?: CompletionBench
}

const mib = (bps: number): string => `${(bps / 1024 / 1024).toFixed(1)} MiB/s`
const ms = (x: number): string => `${x.toFixed(0)} ms`
/** A budget's column in docs/performance.md. */
export const verdict = (met: boolean): string => (met ? 'met' : '**missed**')

export function writePerformanceDoc(path: string, r: BenchResults): void {
  const t = r.terminal
  const worstCtrlC = Math.max(...t.ctrlCLatencyMs)
  const lines = [
    '# Performance',
    '',
    'Written by `npm run bench` (test/bench/run.ts) from one run; every figure is a ratio against a',
    'baseline measured in the same run, or a latency. Nothing here is a timed test.',
    '',
    `Last run: ${r.date} on ${r.machine.cpu}, ${r.machine.cores} cores, load average ${r.machine.loadBefore.toFixed(2)} before and ${r.machine.loadAfter.toFixed(2)} after.`,
    '',
    '| measure | result | budget | |',
    '| --- | --- | --- | --- |',
    `| terminal throughput, ${(t.bytes / 1024 / 1024).toFixed(0)} MiB through pty → main → WebSocket → xterm (${t.renderer} renderer), rendered | ${mib(t.fullPathBytesPerSec)} = **${t.ratio.toFixed(2)}** of raw node-pty (${mib(t.rawBytesPerSec)}) | ≥ 0.90 | ${verdict(t.ratio >= 0.9)} |`,
    `| the same through xterm.js alone in the same Chromium (no pty, IPC or WebSocket) | ${mib(t.xtermAloneBytesPerSec)}: the full path is **${(t.fullPathBytesPerSec / t.xtermAloneBytesPerSec).toFixed(2)}** of it | | |`,
    `| Ctrl-C during \`yes\`, key press → prompt back on screen | ${t.ctrlCLatencyMs.map(ms).join(', ')} | < 100 ms | ${verdict(worstCtrlC < 100)} |`,
    `| startup, \`kiln serve\` ready → Julia file open in an editable Monaco (median of ${r.startup.runs.length}, includes opening the file from the explorer: two clicks) | ${ms(r.startup.medianEditableMs)} | < 1000 ms | ${verdict(r.startup.medianEditableMs < 1000)} |`,
    `| Julia evaluation round trip added by Kiln: page → WebSocket → main → side channel → julia double → back in the page, minus the double's own evaluation time (median of ${r.julia.ui.n}; p95 ${r.julia.ui.p95Ms.toFixed(2)} ms) | **${r.julia.ui.medianMs.toFixed(2)} ms** | < 5 ms | ${verdict(r.julia.ui.medianMs < 5)} |`,
    `| of which: a bare contract call from the page and back (\`app:info\`) / the evaluation as main timed it (\`totalMs\`) | ${r.julia.ui.callBaselineMs.toFixed(2)} ms / ${r.julia.ui.mainTotalMedianMs.toFixed(2)} ms | | |`,
    `| the main-process leg alone (router → service → socket → double; median of ${r.julia.main.n}) | ${r.julia.main.medianMs.toFixed(2)} ms (p95 ${r.julia.main.p95Ms.toFixed(2)} ms) | | |`,
    `| Shift+Enter keydown → inline \`= …\` result painted in the editor, evaluation included (median of ${r.julia.ui.keyRuns}) | ${r.julia.ui.keyToInlineMedianMs.toFixed(1)} ms | | |`,
    ...(r.chat
      ? [
          `| chat panel, tokens/s rendered in the Chat view against the engine's own for the same reply (median of ${r.chat.runs}; see Chat panel below) | **${r.chat.ratio.toFixed(3)}** | ≥ 0.98 | ${verdict(r.chat.ratio >= 0.98)} |`,
          `| chat panel, time to first token added: Enter → text rendered, against the same request shown by a bare page in the same browser (see Chat panel below) | **${r.chat.addedTtftMs.toFixed(1)} ms** | < 10 ms | ${verdict(r.chat.addedTtftMs < 10)} |`,
        ]
      : []),
    ...(r.completion
      ? [
          `| completion cancelled by a keystroke: keystroke → the request settled as cancelled / → the engine's slot idle, mid-generation (median of ${r.completion.runs}; max ${r.completion.settledMaxMs.toFixed(1)} / ${r.completion.serverMaxMs.toFixed(1)} ms) | **${r.completion.settledMedianMs.toFixed(1)} / ${r.completion.serverMedianMs.toFixed(1)} ms** | < 20 ms | ${verdict(r.completion.settledMedianMs < 20 && r.completion.serverMedianMs < 20)} |`,
          `| the same while the engine still evaluates a ${r.completion.promptTokens}-token uncached prompt (${r.completion.promptFullMedianMs.toFixed(0)} ms to its first token): keystroke → slot idle (the request itself settles as above) | ${r.completion.promptCancelMedianMs.toFixed(1)} ms (max ${r.completion.promptCancelMaxMs.toFixed(1)}) | one 256-token chunk | |`,
        ]
      : []),
    '',
    'Startup runs (host ready → workbench on screen / → editable; the page\'s own clock from navigation):',
    '',
    ...r.startup.runs.map((s) => `- ${ms(s.workbenchMs)} / ${ms(s.editableMs)}; page clock ${ms(s.pageEditableMs)}`),
    '',
    '## How to read these',
    '',
    '- The baseline is node-pty alone reading `head -c N /dev/zero | tr "\\0" x`, no batching, IPC or',
    '  rendering. The full path adds 5 ms batching, flow control (400 K / 200 K character watermarks,',
    '  acknowledged after xterm has parsed each chunk), JSON over one WebSocket, and xterm.js rendering',
    '  in headless Chromium. Chromium is driven there over bare CDP (test/bench/cdp.ts): Playwright',
    '  would have Chromium copy every WebSocket frame of the flood to the driver.',
    '- Start-up is driven by Playwright in a fresh browser context each run (cold cache, token',
    '  redirect, two clicks in the explorer, one in the editor). Chromium\'s omnibox popup (a WebUI',
    '  renderer that each new window starts) is switched off in test/e2e/harness.ts.',
    '- Chromium here runs with `--disable-gpu`; WebGL is SwiftShader (software), so Kiln uses xterm\'s',
    '  DOM renderer, as a user without GPU acceleration would get.',
    '- These machines have 2 cores shared by the server, the shell, `tr` and Chromium; the load average',
    '  is printed so that runs can be compared.',
  ]
  writeFileSync(path, lines.join('\n') + '\n')
}
