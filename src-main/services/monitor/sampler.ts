// One reading of the machine: CPU (from /proc/stat deltas), memory (/proc/meminfo), the GPUs (all
// sources behind GpuSources), Kiln's processes and the headroom. The same code runs in the
// monitor's worker thread (sampler-worker.ts) and in `kiln monitor`. A tick never throws: whatever
// goes wrong becomes the state of a source, and the rest of the sample is still given.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MonitorInventory, MonitorSample, MonitorSource } from '../../../src-preload/contract'
import { headroom } from './headroom'
import { ProcessTree, type ProcessLabel, type ProcessLabels } from './process-tree'
import { GpuSources } from './sources/gpu-sources'
import { cpuPercents, parseMeminfo, parseProcStat } from './sources/proc'

export type ReplayOptions = { rocmSmi?: string; amdSmi?: string; nvidiaSmi?: string; sysfs?: string; proc?: string }

/** What the sampler needs of GpuSources (tests pass a double). */
export type GpuSampler = Pick<GpuSources, 'sample' | 'dispose'>

export type SamplerOptions = {
  procRoot?: string
  sysRoot?: string
  /** The process whose descendants are Kiln's processes (default: this one). */
  rootPid?: number
  labels?: ProcessLabels
  /** Recorded tool output and trees instead of the live machine (`kiln monitor --replay`). */
  replay?: ReplayOptions
  gpu?: GpuSampler
  env?: NodeJS.ProcessEnv
  /** How often rocm-smi / amd-smi run (default TOOL_INTERVAL_MS). */
  toolIntervalMs?: number
  /**
   * The first tick has no earlier /proc/stat to take a difference from: it reads twice, this far
   * apart, so that the first figure is real and not a spike or a made-up 0.
   */
  firstWindowMs?: number
  now?: () => number
}

export type SamplerTick = { sample: MonitorSample; sources: MonitorSource[] }

/**
 * rocm-smi is a Python program: one run costs ~0.2 s of CPU (measured here with `time`), so every
 * 5 s would be ~4 % of a core against the monitor's 1 % budget. sysfs gives the same figures for
 * amdgpu at each tick; the tools only fill gaps, and a gap-filler once a minute is enough.
 */
export const TOOL_INTERVAL_MS = 60_000

type ProcStat = ReturnType<typeof parseProcStat>
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const reason = (e: unknown): string => {
  const { code, path } = e as NodeJS.ErrnoException
  if (code === 'ENOENT' && path) return `${path} does not exist`
  if (code === 'EACCES' && path) return `${path}: permission denied`
  return e instanceof Error ? e.message : String(e)
}

export class Sampler {
  private readonly procRoot: string
  private readonly statRoot: string
  private readonly gpu: GpuSampler
  private readonly processes: ProcessTree
  private readonly now: () => number
  private prevStat: ProcStat | null = null

  constructor(private readonly opts: SamplerOptions = {}) {
    const live = opts.procRoot ?? '/proc'
    this.procRoot = opts.replay?.proc ?? live
    // A recorded /proc is one moment, and CPU use needs two readings: without a recorded `stat` the
    // CPU comes from this machine's /proc/stat. Kiln's own processes are always this machine's.
    this.statRoot = opts.replay?.proc && !existsSync(join(opts.replay.proc, 'stat')) ? live : this.procRoot
    this.now = opts.now ?? Date.now
    const { proc: _, ...tools } = opts.replay ?? {}
    this.gpu = opts.gpu ?? new GpuSources({ sysRoot: opts.sysRoot, env: opts.env, toolIntervalMs: opts.toolIntervalMs ?? TOOL_INTERVAL_MS, replay: opts.replay ? tools : undefined })
    this.processes = new ProcessTree({ rootPid: opts.rootPid ?? process.pid, procRoot: live, labels: opts.labels, now: this.now })
  }

  async tick(): Promise<SamplerTick> {
    const problems: string[] = []
    const note = (what: string) => (e: unknown) => {
      problems.push(`${what}: ${reason(e)}`)
      return null
    }
    if (this.prevStat === null) {
      this.prevStat = await this.readStat().catch(() => null)
      await this.processes.sample().catch(() => null) // their CPU % needs an earlier reading too
      if (this.prevStat !== null) await sleep(this.opts.firstWindowMs ?? 100)
    }
    const [stat, meminfo, gpu, processes] = await Promise.all([
      this.readStat().catch(note('CPU')),
      readFile(join(this.procRoot, 'meminfo'), 'utf8').then(parseMeminfo).catch(note('memory')),
      this.gpu.sample().catch((e: unknown) => ({ gpus: [], sources: [failing('sysfs', `GPU sources: ${reason(e)}`)] })),
      this.processes.sample().catch(note("Kiln's processes")),
    ])
    const cpu = stat !== null && this.prevStat !== null ? cpuPercents(this.prevStat, stat) : { totalPercent: 0, perCore: [] }
    if (stat !== null) this.prevStat = stat
    const m = meminfo ?? { total: 0, available: 0, free: 0, swapTotal: 0, swapFree: 0 }
    const memory = { total: m.total, available: m.available, used: Math.max(0, m.total - m.available), swapTotal: m.swapTotal, swapUsed: Math.max(0, m.swapTotal - m.swapFree) }
    const sample: MonitorSample = {
      t: this.now(),
      cpu,
      memory,
      gpus: gpu.gpus,
      processes: processes ?? [],
      headroom: meminfo === null ? { bytes: 0, detail: 'unknown: /proc/meminfo could not be read' } : headroom(memory, gpu.gpus),
    }
    const proc: MonitorSource =
      problems.length === 0
        ? { id: 'proc', state: 'ok', message: this.procMessage(cpu.perCore.length, sample.processes.length), fix: null }
        : stat === null && meminfo === null
          ? { id: 'proc', state: 'missing', message: problems.join('; '), fix: null }
          : failing('proc', problems.join('; '))
    return { sample, sources: [proc, ...gpu.sources] }
  }

  dispose(): void {
    this.gpu.dispose()
  }

  private procMessage(cores: number, processes: number): string {
    if (this.statRoot === this.procRoot) return `${this.procRoot}: ${cores} cores, memory, ${processes} of Kiln's processes`
    return `memory from the recording in ${this.procRoot}; CPU (${cores} cores) and Kiln's ${processes} processes from this machine`
  }

  private async readStat(): Promise<ProcStat> {
    return parseProcStat(await readFile(join(this.statRoot, 'stat'), 'utf8'))
  }
}

const failing = (id: MonitorSource['id'], message: string): MonitorSource => ({ id, state: 'failing', message, fix: null })

/** When no monitor view is on screen the sampler slows to this (or the set interval, if slower). */
export const HIDDEN_INTERVAL_MS = 5000
export const effectiveInterval = (intervalMs: number, visible: boolean): number => (visible ? intervalMs : Math.max(HIDDEN_INTERVAL_MS, intervalMs))

/** The inventory as a source: systeminformation answered, or gave nothing. */
export function inventorySource(inv: MonitorInventory): MonitorSource {
  if (inv.cpuModel === null && inv.gpus.length === 0 && inv.os === null) return failing('systeminformation', 'systeminformation gave no CPU, GPU or OS details')
  const gpus = inv.gpus.length === 0 ? 'no GPU controllers' : inv.gpus.map((g) => g.name).join(', ')
  return { id: 'systeminformation', state: 'ok', message: `${inv.cpuModel ?? 'CPU unknown'}; ${gpus}`, fix: null }
}

// ----- the worker's messages (sampler-worker.ts <-> monitor-service.ts)

export type WorkerInit = {
  intervalMs: number
  visible: boolean
  rootPid: number
  procRoot?: string
  sysRoot?: string
  replay?: ReplayOptions
  labels?: [number, ProcessLabel][]
}
export type ToWorker =
  | { type: 'interval'; intervalMs: number }
  | { type: 'visible'; visible: boolean }
  | { type: 'labels'; labels: [number, ProcessLabel][] }
  /** Asks for the worker thread's own CPU time (the benchmark). */
  | { type: 'usage' }
  /** Kill the tools' child processes and end the thread. */
  | { type: 'stop' }
export type FromWorker =
  | { type: 'sample'; sample: MonitorSample }
  | { type: 'sources'; sources: MonitorSource[] }
  | { type: 'inventory'; inventory: MonitorInventory }
  /** utime + stime of the worker thread in clock ticks, from /proc/thread-self/stat; null where unreadable. */
  | { type: 'usage'; cpuTicks: number | null }
  | { type: 'stopped' }
