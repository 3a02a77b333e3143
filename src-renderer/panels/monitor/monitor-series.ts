// Samples → what the Monitor's charts draw: uPlot's column arrays (x in seconds since the epoch)
// for the chosen time range, the memory bands stacked, one line per GPU; plus the history's ring
// rule and the process table's order. Pure, so the tests can check every figure the user sees.
import type { MonitorGpu, MonitorProcess, MonitorSample } from '../../../src-preload/contract'

/** History kept in the renderer, as in main's ring buffers. */
export const HISTORY_MS = 10 * 60_000
/** The time ranges the panel offers, in seconds. */
export const RANGES = [60, 300, 600] as const
export type RangeS = (typeof RANGES)[number]

/** Column arrays: x first, then one array per series (null where a series has no figure). */
export type Columns = [number[], ...(number | null)[][]]

/** Appends a sample (in time order; a late or repeated one is dropped) and drops what is older than HISTORY_MS. */
export function appendSample(samples: readonly MonitorSample[], s: MonitorSample, keepMs = HISTORY_MS): MonitorSample[] {
  const last = samples[samples.length - 1]
  if (last && s.t <= last.t) return samples as MonitorSample[]
  const from = firstAfter(samples, s.t - keepMs)
  return [...samples.slice(from), s]
}

/** Merges a snapshot's history with what arrived as events (each kept once, in time order, within HISTORY_MS). */
export function mergeSamples(a: readonly MonitorSample[], b: readonly MonitorSample[], keepMs = HISTORY_MS): MonitorSample[] {
  const byT = new Map<number, MonitorSample>()
  for (const s of a) byT.set(s.t, s)
  for (const s of b) byT.set(s.t, s)
  const all = [...byT.values()].sort((x, y) => x.t - y.t)
  const newest = all[all.length - 1]
  return newest ? all.slice(firstAfter(all, newest.t - keepMs)) : all
}

/** Index of the first sample with t > limit (binary search: samples are in time order). */
function firstAfter(samples: readonly MonitorSample[], limit: number): number {
  let lo = 0
  let hi = samples.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (samples[mid]!.t > limit) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The samples of the last `rangeS` seconds before the newest one. */
export function windowOf(samples: readonly MonitorSample[], rangeS: number): MonitorSample[] {
  const newest = samples[samples.length - 1]
  if (!newest) return []
  return samples.slice(firstAfter(samples, newest.t - rangeS * 1000 - 1))
}

const xs = (w: readonly MonitorSample[]): number[] => w.map((s) => s.t / 1000)

/** CPU: the total, then each core (cores a sample lacks are null). */
export function cpuColumns(w: readonly MonitorSample[]): Columns {
  const cores = w.reduce((n, s) => Math.max(n, s.cpu.perCore.length), 0)
  const perCore = Array.from({ length: cores }, (_, i) => w.map((s) => s.cpu.perCore[i] ?? null))
  return [xs(w), w.map((s) => s.cpu.totalPercent), ...perCore]
}

export type MemoryColumns = {
  /** x, RAM top, RAM+GTT top, RAM+GTT+VRAM top, total: the bands are drawn between the tops. */
  columns: Columns
  /** What each band holds on its own (the legend's and tooltip's figures). */
  ram: number[]
  gtt: (number | null)[]
  vram: (number | null)[]
  total: number[]
  hasGtt: boolean
  hasVram: boolean
}

const sum = (values: (number | null)[]): number | null => {
  let total: number | null = null
  for (const v of values) if (v !== null && Number.isFinite(v)) total = (total ?? 0) + v
  return total
}

/**
 * Unified memory as stacked bands against the total. GTT pages are ordinary system pages the
 * driver took, so /proc/meminfo already counts them as used: the RAM band is `used − GTT`, or GTT
 * would be counted twice. VRAM (an APU's carve-out, a discrete card's memory) is outside MemTotal,
 * so the total line is RAM total + VRAM total.
 */
export function memoryColumns(w: readonly MonitorSample[]): MemoryColumns {
  const ram: number[] = []
  const gtt: (number | null)[] = []
  const vram: (number | null)[] = []
  const total: number[] = []
  const c1: number[] = []
  const c2: number[] = []
  const c3: number[] = []
  for (const s of w) {
    const g = sum(s.gpus.map((x) => x.gttUsed))
    const v = sum(s.gpus.map((x) => x.vramUsed))
    const r = Math.max(0, s.memory.used - (g ?? 0))
    ram.push(r)
    gtt.push(g)
    vram.push(v)
    total.push(s.memory.total + (sum(s.gpus.map((x) => x.vramTotal)) ?? 0))
    c1.push(r)
    c2.push(r + (g ?? 0))
    c3.push(r + (g ?? 0) + (v ?? 0))
  }
  return { columns: [xs(w), c1, c2, c3, total], ram, gtt, vram, total, hasGtt: gtt.some((x) => x !== null), hasVram: vram.some((x) => x !== null) }
}

/** The GPUs seen in the window, in first-seen order (a GPU that vanished keeps its line, with gaps). */
export function gpuIds(w: readonly MonitorSample[]): { id: string; name: string }[] {
  const seen = new Map<string, string>()
  // A name learnt later (a tool that answered late) replaces the id shown in its place.
  for (const s of w) for (const g of s.gpus) if (!seen.has(g.id) || seen.get(g.id) === g.id) seen.set(g.id, g.name ?? g.id)
  return [...seen].map(([id, name]) => ({ id, name }))
}

/** One column per GPU of one figure (busy %, °C, W). */
export function gpuColumns(w: readonly MonitorSample[], ids: readonly string[], pick: (g: MonitorGpu) => number | null): (number | null)[][] {
  return ids.map((id) => w.map((s) => {
    const g = s.gpus.find((x) => x.id === id)
    return g ? pick(g) : null
  }))
}

export const busyColumns = (w: readonly MonitorSample[], ids: readonly string[]): Columns => [xs(w), ...gpuColumns(w, ids, (g) => g.busyPercent)]

/** Temperatures on the left axis, then powers on the right: per GPU, `[t, temp…, power…]`. */
export const thermalColumns = (w: readonly MonitorSample[], ids: readonly string[]): Columns => [
  xs(w),
  ...gpuColumns(w, ids, (g) => g.temperatureC),
  ...gpuColumns(w, ids, (g) => g.powerW),
]

/** Whether any sample in the window has a temperature or power figure (else the chart says so). */
export const hasThermal = (w: readonly MonitorSample[]): boolean => w.some((s) => s.gpus.some((g) => g.temperatureC !== null || g.powerW !== null))

/** Memory a process holds, all pools: what the table sorts by. */
export const processMemory = (p: MonitorProcess): number => p.rssBytes + (p.gttBytes ?? 0) + (p.vramBytes ?? 0)

/** The process table's rows: most memory first; ties by CPU, then pid for a stable order. */
export function sortProcesses(ps: readonly MonitorProcess[]): MonitorProcess[] {
  return [...ps].sort((a, b) => processMemory(b) - processMemory(a) || b.cpuPercent - a.cpuPercent || a.pid - b.pid)
}

/** Upper end of the memory axis: the largest total (or stack) with a little air, so the total line is never on the edge. */
export function memoryAxisMax(m: MemoryColumns): number {
  let top = 0
  for (let i = 0; i < m.total.length; i++) top = Math.max(top, m.total[i]!, (m.columns[3] as number[])[i]!)
  return top * 1.05 || 1
}

/** The status item changes at most once per `minMs`: whether a sample at `t` is due after one shown at `shownT`. */
export const statusDue = (shownT: number | null, t: number, minMs = 1000): boolean => shownT === null || t - shownT >= minMs
