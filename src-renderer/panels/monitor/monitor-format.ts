// How the Monitor panel and its status item write numbers: binary sizes with their IEC names
// (a 128 GB box shows 125 GiB, as `free -h` and btop say), whole percents, °C and W, and the
// labels for process kinds and sources.
import type { MonitorGpu, MonitorProcessKind, MonitorSample, MonitorSource, MonitorSourceId } from '../../../src-preload/contract'

const GiB = 2 ** 30
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/** `812 B`, `1.50 KiB`, `23.4 MiB`, `118 MiB`, `96.2 GiB` (3 significant digits); `—` when unknown. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!finite(bytes)) return '—'
  let v = Math.max(0, bytes)
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  // 1023.9 MiB reads better as 1.00 GiB than as "1024 MiB".
  if (u > 0 && u < UNITS.length - 1 && Number(v.toFixed(v >= 100 ? 0 : 1)) >= 1024) {
    v /= 1024
    u++
  }
  const text = u === 0 ? String(Math.round(v)) : v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2)
  return `${text} ${UNITS[u]}`
}

/** A GiB figure without its unit for pairs like `41/125 GiB`: whole from 10 GiB, one decimal below. */
function gibNumber(bytes: number): string {
  const v = Math.max(0, bytes) / GiB
  return v >= 10 ? String(Math.round(v)) : v.toFixed(1)
}

/** `41/125 GiB`, the status bar's memory. */
export const formatUsedOfTotal = (used: number, total: number): string => `${gibNumber(used)}/${gibNumber(total)} GiB`

/** `12%`; below 10 one decimal (`3.4%`) where the source has one, so small loads still show. */
export function formatPercent(v: number | null | undefined): string {
  if (!finite(v)) return '—'
  const c = Math.max(0, v)
  return c < 10 && !Number.isInteger(c) ? `${c.toFixed(1)}%` : `${Math.round(c)}%`
}

export const formatTemp = (c: number | null | undefined): string => (finite(c) ? `${Math.round(c)} °C` : '—')

export function formatPower(w: number | null | undefined): string {
  if (!finite(w)) return '—'
  return w >= 100 ? `${Math.round(w)} W` : `${w.toFixed(1)} W`
}

/** `1 s`, `250 ms`, `5 s`. */
export const formatInterval = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`)

/**
 * The GPU whose figures the status bar and the single-GPU readouts use: an APU first (it holds
 * the model on the reference box), else the one with the most memory.
 */
export function primaryGpu(gpus: readonly MonitorGpu[]): MonitorGpu | null {
  let best: MonitorGpu | null = null
  const size = (g: MonitorGpu): number => (g.vramTotal ?? 0) + (g.apu ? (g.gttTotal ?? 0) : 0)
  for (const g of gpus) {
    if (best === null || (g.apu && !best.apu) || (g.apu === best.apu && size(g) > size(best))) best = g
  }
  return best
}

/** The status bar's reading: `CPU 12% · Mem 41/125 GiB · GPU 3%` (the GPU part only with a GPU). */
export function statusText(s: MonitorSample): string {
  const parts = [`CPU ${formatPercent(s.cpu.totalPercent)}`, `Mem ${formatUsedOfTotal(s.memory.used, s.memory.total)}`]
  const gpu = primaryGpu(s.gpus)
  if (gpu) parts.push(`GPU ${formatPercent(gpu.busyPercent)}`)
  return parts.join(' · ')
}

/** The status item's tooltip: the same figures in full, GTT on an APU, and the headroom. */
export function statusTitle(s: MonitorSample): string {
  const lines = [
    `CPU ${formatPercent(s.cpu.totalPercent)} over ${s.cpu.perCore.length} ${s.cpu.perCore.length === 1 ? 'core' : 'cores'}`,
    `Memory ${formatBytes(s.memory.used)} used of ${formatBytes(s.memory.total)} (${formatBytes(s.memory.available)} available)`,
  ]
  for (const g of s.gpus) {
    const mem = g.apu && finite(g.gttTotal) ? `GTT ${formatBytes(g.gttUsed)} of ${formatBytes(g.gttTotal)}` : `VRAM ${formatBytes(g.vramUsed)} of ${formatBytes(g.vramTotal)}`
    lines.push(`${g.name ?? g.id}: ${formatPercent(g.busyPercent)} busy, ${mem}`)
  }
  lines.push(`A model could still get ${formatBytes(s.headroom.bytes)}`, 'Click to show the Monitor')
  return lines.join('\n')
}

export const KIND_LABEL: Record<MonitorProcessKind, string> = {
  kiln: 'Kiln',
  julia: 'Julia REPL',
  juliac: 'juliac build',
  tests: 'Tests',
  inference: 'Model server',
  terminal: 'Terminal',
  'language-server': 'Language server',
  trainer: 'Trainer',
  other: 'Other',
}

export const SOURCE_NAME: Record<MonitorSourceId, string> = {
  proc: '/proc',
  sysfs: 'amdgpu sysfs',
  'rocm-smi': 'rocm-smi',
  'amd-smi': 'amd-smi',
  'nvidia-smi': 'nvidia-smi',
  systeminformation: 'systeminformation',
}

export const STATE_LABEL: Record<MonitorSource['state'], string> = { ok: 'ok', missing: 'missing', failing: 'failing', off: 'off' }

/** The sources that can find a GPU, for "No GPU found" and what was tried. */
export const GPU_SOURCES: readonly MonitorSourceId[] = ['sysfs', 'rocm-smi', 'amd-smi', 'nvidia-smi']

/** `sysfs: no amdgpu card · rocm-smi: missing · …`: what was tried before saying "No GPU found". */
export function triedSources(sources: readonly MonitorSource[]): string[] {
  return GPU_SOURCES.map((id) => {
    const s = sources.find((x) => x.id === id)
    if (!s) return `${SOURCE_NAME[id]}: not reported`
    return `${SOURCE_NAME[id]}: ${s.message ?? STATE_LABEL[s.state]}`
  })
}
