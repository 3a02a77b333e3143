// The system monitor's cost: its worker sampling at 1 Hz (a monitor view visible) for 60 s
// (KILN_BENCH_MONITOR_S to shorten), against the same length of time without it, in the same run.
// Figures: the worker thread's own CPU time (/proc/thread-self/stat inside it) as % of one core,
// the whole process's CPU (with the tools it waited for) with and without sampling, and the main
// thread's event-loop delay (max and p99) in both phases. Budgets (DESIGN.md): under 1 % of a core
// at 1 Hz; the event loop never above 5 ms because of sampling.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { silentLogger } from '../../src-main/lib/log'
import { BUILT_WORKER, MonitorService } from '../../src-main/services/monitor/monitor-service'
import type { FromWorker } from '../../src-main/services/monitor/sampler'
import type { ProcessLabel } from '../../src-main/services/monitor/process-tree'

const ROOT = join(__dirname, '..', '..')

export type LoopDelay = { maxMs: number; p99Ms: number; meanMs: number }

export interface MonitorBench {
  seconds: number
  intervalMs: number
  samples: number
  /** 'built': out/main/monitor-worker.js; 'source': sampler-worker.ts under tsx (same code, compiled on load). */
  worker: 'built' | 'source'
  /** The worker thread's utime + stime over wall time, % of one core. */
  workerCpuPercent: number
  /** The whole process (all threads, libuv's pool, waited-for children) without and with sampling. */
  processCpuPercentIdle: number
  processCpuPercentSampling: number
  loopIdle: LoopDelay
  loopSampling: LoopDelay
  /**
   * Delay attributed to sampling: the longest event-loop stall (5 ms probe) that overlaps the
   * 30 ms after a sample reached the main thread, against the longest one anywhere else.
   */
  nearSampleMaxMs: number
  elsewhereMaxMs: number
}

const clockTicks = (): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
}

/** utime + stime + cutime + cstime of this process, in clock ticks. */
function processTicks(): number {
  const text = readFileSync('/proc/self/stat', 'utf8')
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number)
  return f[11]! + f[12]! + f[13]! + f[14]! // fields 14..17, counted from field 3
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

type Stall = { end: number; lagMs: number }
const PROBE_MS = 5

async function measure(seconds: number): Promise<{ loop: LoopDelay; ticks: number; wallMs: number; stalls: Stall[] }> {
  const h = monitorEventLoopDelay({ resolution: 1 })
  const stalls: Stall[] = []
  let last = performance.now()
  const probe = setInterval(() => {
    const now = performance.now()
    const lagMs = now - last - PROBE_MS
    if (lagMs > 0.5) stalls.push({ end: now, lagMs })
    last = now
  }, PROBE_MS)
  const t0 = processTicks()
  const w0 = performance.now()
  h.enable()
  await sleep(seconds * 1000)
  h.disable()
  clearInterval(probe)
  const ms = (ns: number): number => ns / 1e6
  return { loop: { maxMs: ms(h.max), p99Ms: ms(h.percentile(99)), meanMs: ms(h.mean) }, ticks: processTicks() - t0, wallMs: performance.now() - w0, stalls }
}

function workerTicks(service: MonitorService): Promise<number> {
  const w = service.workerThread
  if (w === null) return Promise.reject(new Error('the monitor worker is not running'))
  return new Promise((resolve, reject) => {
    const on = (m: FromWorker): void => {
      if (m.type !== 'usage') return
      w.off('message', on)
      if (m.cpuTicks === null) reject(new Error('/proc/thread-self/stat cannot be read'))
      else resolve(m.cpuTicks)
    }
    w.on('message', on)
    w.postMessage({ type: 'usage' })
  })
}

export async function benchMonitor(opts: { seconds?: number; intervalMs?: number } = {}): Promise<MonitorBench> {
  const seconds = opts.seconds ?? Number(process.env.KILN_BENCH_MONITOR_S ?? 60)
  const intervalMs = opts.intervalMs ?? 1000
  const hz = clockTicks()
  const built = join(ROOT, process.env.KILN_OUT_DIR ?? 'out', 'main', BUILT_WORKER)
  // A few children for the process table to find, as Kiln has (a REPL, a terminal, a server).
  const children: ChildProcess[] = [0, 1, 2].map(() => spawn('sleep', [String(seconds * 3 + 60)], { stdio: 'ignore' }))
  const labels = new Map<number, ProcessLabel>(children.map((c, i) => [c.pid!, { kind: i === 0 ? 'julia' : 'terminal', label: `child ${i}` }]))

  try {
    await sleep(3000) // let start-up work (module loading, the children's spawn) settle first
    const idle = await measure(seconds)

    let samples = 0
    const arrivals: number[] = []
    const service = new MonitorService({
      settings: { getNumber: () => intervalMs },
      emit: (event) => {
        if (event !== 'monitor:sample') return
        samples++
        arrivals.push(performance.now())
      },
      log: silentLogger,
      labels: () => labels,
      workerFile: existsSync(built) ? built : undefined,
    })
    try {
      service.visible(true)
      // Warm-up: the first sample, the tools' first runs and systeminformation's one-off inventory.
      const until = Date.now() + 30_000
      while (service.snapshot().inventory === null && Date.now() < until) await sleep(100)
      await sleep(2 * intervalMs)
      const w0 = await workerTicks(service)
      const before = samples
      const sampling = await measure(seconds)
      const w1 = await workerTicks(service)
      const percent = (ticks: number, wallMs: number): number => (ticks / hz / (wallMs / 1000)) * 100
      // A stall spans (end - lag - probe, end]; it is near a sample if that meets [arrival, arrival + 30 ms].
      const near = (s: Stall): boolean => arrivals.some((a) => s.end >= a && s.end - s.lagMs - PROBE_MS <= a + 30)
      const maxOf = (xs: Stall[]): number => xs.reduce((m, s) => Math.max(m, s.lagMs), 0)
      return {
        seconds,
        intervalMs,
        samples: samples - before,
        worker: existsSync(built) ? 'built' : 'source',
        workerCpuPercent: percent(w1 - w0, sampling.wallMs),
        processCpuPercentIdle: percent(idle.ticks, idle.wallMs),
        processCpuPercentSampling: percent(sampling.ticks, sampling.wallMs),
        loopIdle: idle.loop,
        loopSampling: sampling.loop,
        nearSampleMaxMs: maxOf(sampling.stalls.filter(near)),
        elsewhereMaxMs: maxOf(sampling.stalls.filter((s) => !near(s))),
      }
    } finally {
      await service.shutdown()
    }
  } finally {
    for (const c of children) c.kill('SIGKILL')
  }
}

const f2 = (x: number): string => x.toFixed(2)

export function describeMonitor(r: MonitorBench): string {
  return [
    `monitor: ${r.samples} samples in ${r.seconds} s at ${r.intervalMs} ms (${r.worker} worker); worker thread ${f2(r.workerCpuPercent)} % of a core (budget < 1 %)`,
    `monitor: whole process ${f2(r.processCpuPercentIdle)} % of a core without sampling, ${f2(r.processCpuPercentSampling)} % with: +${f2(r.processCpuPercentSampling - r.processCpuPercentIdle)} %`,
    `monitor: main event-loop delay without sampling max ${f2(r.loopIdle.maxMs)} ms, p99 ${f2(r.loopIdle.p99Ms)} ms; with sampling max ${f2(r.loopSampling.maxMs)} ms, p99 ${f2(r.loopSampling.p99Ms)} ms`,
    `monitor: longest stall within 30 ms of a sample's arrival ${f2(r.nearSampleMaxMs)} ms, elsewhere ${f2(r.elsewhereMaxMs)} ms (budget: never above 5 ms because of sampling)`,
  ].join('\n')
}

/** A section for docs/performance.md. */
export function monitorDocSection(r: MonitorBench): string {
  return [
    '## System monitor',
    '',
    `The monitor's worker thread sampling at ${r.intervalMs} ms (a monitor view visible) for ${r.seconds} s, against the same ${r.seconds} s without it, in the same run (test/bench/monitor.ts; ${r.worker} worker). Each sample reads /proc/stat, /proc/meminfo, amdgpu's sysfs and Kiln's process tree; rocm-smi and amd-smi run at their own low rate where installed.`,
    '',
    '| figure | without sampling | with sampling | budget |',
    '|---|---|---|---|',
    `| the worker thread's CPU, % of one core | – | ${f2(r.workerCpuPercent)} | < 1 |`,
    `| the whole process's CPU, % of one core | ${f2(r.processCpuPercentIdle)} | ${f2(r.processCpuPercentSampling)} | |`,
    `| main event-loop delay, max (ms) | ${f2(r.loopIdle.maxMs)} | ${f2(r.loopSampling.maxMs)} | ≤ 5 because of sampling |`,
    `| main event-loop delay, p99 (ms) | ${f2(r.loopIdle.p99Ms)} | ${f2(r.loopSampling.p99Ms)} | |`,
    `| longest stall within 30 ms of a sample's arrival (ms) | – | ${f2(r.nearSampleMaxMs)} | ≤ 5 |`,
    `| longest stall at other times (ms) | – | ${f2(r.elsewhereMaxMs)} | |`,
    '',
    `${r.samples} samples were taken while measuring.`,
    '',
  ].join('\n')
}
