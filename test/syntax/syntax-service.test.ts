// SyntaxService: the real worker thread (started from source under tsx), its queue, restarts and
// time limits.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src-main/lib/log'
import { KilnError } from '../../src-main/router'
import { analyzeJulia } from '../../src-main/services/syntax/julia-parser'
import { SyntaxService, type SyntaxServiceOptions } from '../../src-main/services/syntax/syntax-service'
import { startWorker } from '../../src-main/services/syntax/worker-entry'

const geometry = readFileSync(join(__dirname, '../fixtures/julia/Geometry.jl'), 'utf8')
const services: SyntaxService[] = []
const make = (opts: Partial<SyntaxServiceOptions> = {}): SyntaxService => {
  const s = new SyntaxService({ log: memoryLogger(), ...opts })
  services.push(s)
  return s
}
afterEach(() => {
  for (const s of services.splice(0)) s.dispose()
})

/** Keeps every worker the service starts, so a test can kill one. */
const trackWorkers = (): { workers: Worker[]; createWorker: SyntaxServiceOptions['createWorker'] } => {
  const workers: Worker[] = []
  return {
    workers,
    createWorker: (entry, init) => {
      const w = startWorker(entry, init)
      workers.push(w)
      return w
    },
  }
}

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof KilnError ? e.code : `not a KilnError: ${String(e)}`),
  )

// Starting a worker compiles the 6 MB grammar; and a worker started while another is being torn
// down waits seconds on a 2-core machine. So the ordinary-use tests share one service.
describe('SyntaxService in ordinary use', () => {
  const shared = trackWorkers()
  const service = new SyntaxService({ log: memoryLogger(), createWorker: shared.createWorker })
  afterAll(() => service.dispose())

  it('starts nothing until the first request', () => {
    expect(shared.workers).toHaveLength(0)
  })

  it('parses in a worker thread and answers what the in-process parser answers', async () => {
    const report = await service.analyze(geometry)
    const local = await analyzeJulia(geometry)
    expect(report.outline).toEqual(local.outline)
    expect(report.errors).toEqual([])
    expect(shared.workers).toHaveLength(1)
    expect(shared.workers[0]!.threadId).toBeGreaterThan(0)
  })

  it('answers queued requests in order, each with its own result', async () => {
    const sources = ['a(x) = 1', 'module M\nend', 'struct S end', 'macro m() end', 'const K = 1']
    const reports = await Promise.all(sources.map((s) => service.analyze(s)))
    expect(reports.map((r) => r.outline[0]?.name)).toEqual(['a', 'M', 'S', '@m', 'K'])
    expect(service.pending).toBe(0)
  })

  it('handles a megabyte-sized file without blocking the main thread', async () => {
    await service.analyze('x = 1') // worker warm
    // Realistic code, renamed per copy: ~1 MB, 600 modules of 21 definitions each. The two
    // number-led statements are turned around: thousands of those make tree-sitter-julia
    // superlinear (see the time-limit test below), which is not what this test measures.
    const linear = geometry.replace('2π * c.radius', 'c.radius * 2π').replace('2 * (w + h)', '(w + h) * 2')
    const big = Array.from({ length: 600 }, (_, i) => linear.replace(/Geometry/g, `Geometry${i}`)).join('\n')
    expect(big.length).toBeGreaterThan(900_000)
    let ticks = 0
    let worstGap = 0
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      worstGap = Math.max(worstGap, now - last)
      last = now
      ticks++
    }, 10)
    try {
      const report = await service.analyze(big)
      expect(report.outline).toHaveLength(600)
      expect(report.outline[599]).toMatchObject({ name: 'Geometry599', kind: 'module' })
      expect(report.outline[599]!.children).toHaveLength(21)
      expect(report.errors).toEqual([])
      // The main thread kept ticking while the worker parsed (it would stall for the whole parse).
      expect(ticks).toBeGreaterThan(5)
      expect(worstGap).toBeLessThan(Math.max(250, report.parseMs / 2))
      expect(shared.workers).toHaveLength(1) // every request so far went to the one worker
    } finally {
      clearInterval(timer)
    }
  }, 60_000)
})

describe('SyntaxService when things go wrong', () => {
  it('restarts a worker that died, and fails only the request it was running', async () => {
    const { workers, createWorker } = trackWorkers()
    const log = memoryLogger()
    const service = make({ createWorker, log })
    await service.analyze('x = 1')
    // Kill the worker while it parses something large; a request queued behind it still succeeds.
    const big = geometry.repeat(200)
    const running = service.analyze(big)
    const queued = service.analyze('after(x) = x')
    await new Promise((r) => setTimeout(r, 50))
    await workers[0]!.terminate()
    expect(await codeOf(running)).toBe('PROCESS')
    expect((await queued).outline[0]?.name).toBe('after')
    expect(workers).toHaveLength(2)
    expect(log.lines.some((l) => l.includes('syntax worker stopped'))).toBe(true)
  }, 30_000)

  it('abandons a parse that runs past the time limit and keeps serving', async () => {
    const service = make({ timeoutMs: 200 })
    await service.analyze('x = 1')
    // Number-led statements make tree-sitter-julia superlinear: this takes seconds without a limit.
    const slow = 'function f(r)\n    2 * (w + h)\nend\n\n'.repeat(4000)
    const t0 = performance.now()
    expect(await codeOf(service.analyze(slow))).toBe('TIMEOUT')
    expect(performance.now() - t0).toBeLessThan(3000)
    expect((await service.analyze('g(x) = x')).outline[0]?.name).toBe('g')
  }, 30_000)

  it('replaces a worker that stops answering altogether', async () => {
    // A stand-in worker that says it is ready and then ignores every request.
    const deaf = (): Worker =>
      new Worker("require('node:worker_threads').parentPort.postMessage({ type: 'ready' }); setInterval(() => {}, 1000)", {
        eval: true,
      })
    let started = 0
    const service = make({
      timeoutMs: 100,
      backstopMs: 100,
      createWorker: () => {
        started++
        return deaf()
      },
    })
    expect(await codeOf(service.analyze('x = 1'))).toBe('TIMEOUT')
    expect(await codeOf(service.analyze('x = 1'))).toBe('TIMEOUT')
    expect(started).toBe(2) // the deaf one was terminated and a fresh one started
  })

  it('says clearly when tree-sitter cannot be loaded', async () => {
    const service = make({ assets: { runtimeWasm: '/nonexistent/tree-sitter.wasm', grammarWasm: '/nonexistent/julia.wasm' } })
    const e = await service.analyze('x = 1').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KilnError)
    expect((e as KilnError).message).toMatch(/could not load tree-sitter.*nonexistent/)
  })

  it('rejects pending requests and terminates the worker on dispose', async () => {
    const { workers, createWorker } = trackWorkers()
    const service = make({ createWorker })
    await service.analyze('x = 1')
    const exited = new Promise<number>((r) => workers[0]!.once('exit', r))
    const pending = service.analyze(geometry.repeat(100))
    service.dispose()
    expect(await codeOf(pending)).toBe('CANCELLED')
    await exited
    expect(await codeOf(service.analyze('x = 1'))).toBe('CANCELLED')
  })
})
