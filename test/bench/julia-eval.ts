// The main-process leg of the evaluation round trip: julia:eval through the router, the Julia
// service and the side channel to the julia double and back, minus the time the double reports
// it spent evaluating (evalMs). What is left is Kiln's own overhead: framing, the socket, JSON
// parsing and validation, path mapping. The lead's UI leg adds the renderer and the WebSocket.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { EvalOutcome } from '../../src-preload/contract'
import { silentLogger } from '../../src-main/lib/log'
import { Router, type Handlers } from '../../src-main/router'
import { juliaHandlers } from '../../src-main/services/julia/handlers'
import { JuliaService } from '../../src-main/services/julia/julia-service'
import { TerminalService } from '../../src-main/services/terminal/terminal-service'

const ROOT = join(__dirname, '..', '..')
export const JULIA_DOUBLE = join(ROOT, 'test', 'fixtures', 'julia-double', 'julia')

export interface JuliaEvalBench {
  n: number
  /** Request to result minus evalMs: median and 95th percentile over n evaluations. */
  medianMs: number
  p95Ms: number
  /** The double's own evaluation time, for context. */
  evalMedianMs: number
  /** Spawn to hello. */
  startupMs: number | null
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
}

export async function benchJuliaEval(opts: { n?: number; julia?: string; warmup?: number } = {}): Promise<JuliaEvalBench> {
  const n = opts.n ?? 200
  const base = await mkdtemp(join(tmpdir(), 'kiln-bench-julia-'))
  const root = join(base, 'work')
  await mkdir(join(root, 'src'), { recursive: true })
  await writeFile(join(root, 'Project.toml'), 'name = "Bench"\n')
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: base, LANG: 'C.UTF-8' }
  const emit = (): void => {}
  const terminals = new TerminalService({ emit, log: silentLogger, cwd: () => root, shell: () => '/bin/sh', env })
  const settings: Record<string, string> = { 'julia.executablePath': opts.julia ?? JULIA_DOUBLE, 'julia.threads': '1' }
  const julia = new JuliaService({
    emit,
    log: silentLogger,
    terminals,
    settings: { getString: (k) => settings[k] ?? '' },
    workspaceRoot: () => root,
    userDataDir: join(base, 'user'),
    env,
    home: base,
  })
  const router = new Router(juliaHandlers(julia) as unknown as Handlers, silentLogger)
  try {
    const started = await julia.start(120, 40)
    const once = async (i: number): Promise<{ added: number; evalMs: number }> => {
      const t0 = performance.now()
      const r = await router.dispatch('julia:eval', { code: `${i} + 1`, path: 'src/bench.jl', line: 1 })
      const total = performance.now() - t0
      if (!r.ok) throw new Error(`evaluation failed: ${r.message}`)
      const v = r.value as EvalOutcome
      if (!v.ok || v.text !== String(i + 1)) throw new Error(`wrong answer for ${i} + 1: ${v.text}`)
      return { added: total - v.evalMs, evalMs: v.evalMs }
    }
    for (let i = 0; i < (opts.warmup ?? 20); i++) await once(i)
    const added: number[] = []
    const evalMs: number[] = []
    for (let i = 0; i < n; i++) {
      const r = await once(i)
      added.push(r.added)
      evalMs.push(r.evalMs)
    }
    return { n, medianMs: quantile(added, 0.5), p95Ms: quantile(added, 0.95), evalMedianMs: quantile(evalMs, 0.5), startupMs: started.startupMs }
  } finally {
    julia.dispose()
    await terminals.shutdown()
    await rm(base, { recursive: true, force: true })
  }
}

// `node --import tsx test/bench/julia-eval.ts`: this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchJuliaEval().then(
    (r) => console.log(`julia:eval added round trip over ${r.n}: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms (double's evalMs median ${r.evalMedianMs.toFixed(3)} ms; startup ${r.startupMs} ms)`),
    (e: unknown) => {
      console.error(e)
      process.exitCode = 1
    },
  )
}
