// Completion cancel latency: a ghost-text completion against `kiln engine` (the bench model, a
// long n_predict so it is mid-generation), then a keystroke's assist:cancel, through the router as
// the hosts call it. Measured from the keystroke (the cancel dispatched) to (a) the assist:complete
// call settled with CANCELLED, the answer the renderer's request gets, and (b) the engine's slot
// no longer processing (/slots polled every ~1 ms: the abort as the server sees it).
// Budget (issue 7): cancelled within 20 ms of a keystroke. Also the plain completion latency.
import { memoryLogger } from '../../src-main/lib/log'
import { Router, type Handlers } from '../../src-main/router'
import { completeHandlers } from '../../src-main/services/assist/complete-handlers'
import { CompleteService } from '../../src-main/services/assist/complete-service'
import { AssistRequests } from '../../src-main/services/assist/requests'
import { InferenceClient } from '../../src-main/services/inference/client'
import { startEngine, tinyModel } from '../inference/helpers'
import { BENCH_SHAPE } from './inference'
import { cpus } from 'node:os'

export interface CompletionBench {
  runs: number
  /** Keystroke -> assist:complete settled (CANCELLED). */
  settledMedianMs: number
  settledMaxMs: number
  /** Keystroke -> the engine's slot idle. */
  serverMedianMs: number
  serverMaxMs: number
  /** Tokens the engine had streamed before each cancel (median): it was mid-generation. */
  piecesBeforeCancel: number
  /** A cancel while the engine still evaluates a long, uncached prompt: keystroke -> slot idle. */
  promptCancelMedianMs: number
  promptCancelMaxMs: number
  /** The same prompt evaluated to the end (its first piece), for scale. */
  promptFullMedianMs: number
  promptTokens: number
  threads: number
  /** A plain completion (n_predict 64, t_max_predict_ms 500), the figure the status bar shows. */
  completionMedianMs: number
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function benchCompletion(opts: { runs?: number } = {}): Promise<CompletionBench> {
  const runs = opts.runs ?? 20
  const model = tinyModel(BENCH_SHAPE)
  // One core is left to the event loops (the engine's and this one), as on a GPU box, where the
  // CPU threads wait on the GPU; with every core computing, the figure is this VM's scheduling.
  const threads = Math.max(1, Math.min(4, cpus().length - 1))
  const engine = await startEngine(model.path, { args: ['--ctx-size', '2048', '--threads', String(threads)] })
  try {
    const client = new InferenceClient({ baseUrl: engine.base, apiKey: engine.apiKey })
    const requests = new AssistRequests()
    let onPiece: () => void = () => undefined
    const make = (tune: ConstructorParameters<typeof CompleteService>[0]['tune']): Router => {
      const service = new CompleteService({
        client: () => ({ infill: (body, h) => client.infill(body, { ...h, onDelta: () => onPiece() }) }),
        serverReady: async () => true,
        enabled: () => true,
        requests,
        tune,
      })
      const handlers = { ...completeHandlers(service), 'assist:cancel': ({ requestId }: { requestId: string }) => (requests.cancel(requestId), { ok: true as const, value: null }) }
      return new Router(handlers as unknown as Handlers, memoryLogger())
    }
    const long = make({ nPredict: 900, tMaxPredictMs: 0 })
    const plain = make(undefined)
    const body = (i: number) => ({ requestId: `bench-${i}`, path: 'src/App.jl', prefix: `module App\n\nfunction f${i}(a, b)\n    `, suffix: '\nend\n\nend\n', extra: [] })
    const idle = async (): Promise<boolean> => (await client.slots()).every((s) => !s.processing)

    const settled: number[] = []
    const server: number[] = []
    const pieces: number[] = []
    for (let i = 0; i < runs; i++) {
      let n = 0
      let streaming!: () => void
      const midway = new Promise<void>((r) => (streaming = r))
      onPiece = () => {
        if (++n === 8) streaming()
      }
      let settledAt = NaN
      const call = long.dispatch('assist:complete', body(i)).then((r) => {
        settledAt = performance.now()
        if (r.ok || r.code !== 'CANCELLED') throw new Error(`expected CANCELLED, got ${JSON.stringify(r)}`)
      })
      await midway
      await sleep(5) // a few more tokens: well inside generation
      pieces.push(n)
      const keystroke = performance.now()
      await long.dispatch('assist:cancel', { requestId: `bench-${i}` })
      while (!(await idle())) await sleep(1)
      const idleAt = performance.now()
      await call
      settled.push(settledAt - keystroke)
      server.push(idleAt - keystroke)
    }
    // A long prompt nothing is cached for (its first line differs each run), cancelled 5 ms in.
    const longPrefix = (i: number): string => `# run ${i} ${Math.random()}\n` + 'function step(state, x)\n    state = state + x\nend\n'.repeat(16)
    const longBody = (i: number) => ({ ...body(i), requestId: `bench-long-${i}`, prefix: longPrefix(i) })
    const promptTokens = (await client.tokenize(longPrefix(0))).length
    const full: number[] = []
    for (let i = 0; i < 3; i++) {
      let first!: () => void
      const got = new Promise<void>((r) => (first = r))
      onPiece = () => first()
      const t0 = performance.now()
      const call = long.dispatch('assist:complete', longBody(2000 + i))
      await got
      full.push(performance.now() - t0)
      await long.dispatch('assist:cancel', { requestId: `bench-long-${2000 + i}` })
      await call
      while (!(await idle())) await sleep(1)
    }
    onPiece = () => undefined
    const promptCancel: number[] = []
    for (let i = 0; i < 10; i++) {
      const call = long.dispatch('assist:complete', longBody(3000 + i))
      await sleep(5)
      const keystroke = performance.now()
      await long.dispatch('assist:cancel', { requestId: `bench-long-${3000 + i}` })
      while (!(await idle())) await sleep(1)
      promptCancel.push(performance.now() - keystroke)
      await call
    }
    const plainMs: number[] = []
    for (let i = 0; i < 5; i++) {
      const r = await plain.dispatch('assist:complete', body(1000 + i))
      if (!r.ok) throw new Error(r.message)
      plainMs.push((r.value as { ms: number }).ms)
    }
    return {
      runs,
      settledMedianMs: median(settled),
      settledMaxMs: Math.max(...settled),
      serverMedianMs: median(server),
      serverMaxMs: Math.max(...server),
      piecesBeforeCancel: median(pieces),
      completionMedianMs: median(plainMs),
      promptCancelMedianMs: median(promptCancel),
      promptCancelMaxMs: Math.max(...promptCancel),
      promptFullMedianMs: median(full),
      promptTokens,
      threads,
    }
  } finally {
    await engine.stop()
    model.remove()
  }
}

export function describeCompletion(b: CompletionBench): string {
  return [
    `completion cancel, keystroke -> assist:complete settled: ${b.settledMedianMs.toFixed(2)} ms median, max ${b.settledMaxMs.toFixed(2)} ms (${b.runs} runs, ~${b.piecesBeforeCancel} tokens streamed before each cancel)`,
    `completion cancel, keystroke -> engine slot idle: ${b.serverMedianMs.toFixed(2)} ms median, max ${b.serverMaxMs.toFixed(2)} ms (budget 20 ms)`,
    `completion cancel during a ${b.promptTokens}-token uncached prompt (${b.promptFullMedianMs.toFixed(0)} ms to its first token), keystroke -> engine slot idle: ${b.promptCancelMedianMs.toFixed(2)} ms median, max ${b.promptCancelMaxMs.toFixed(2)} ms`,
    `(engine threads: ${b.threads})`,
    `completion, n_predict 64: ${b.completionMedianMs.toFixed(0)} ms median`,
  ].join('\n')
}
