// The history chart's geometry: build time and output size across builds, each on its own axis,
// scaled into an SVG box. Pure, so scaling is tested without drawing.
import type { BuildRecord } from '../../../src-preload/contract'

export interface ChartPoint {
  id: string
  x: number
  /** null: this build has no such value (a failed build has no size). */
  yTime: number | null
  ySize: number | null
  wallMs: number | null
  bytes: number | null
  state: BuildRecord['state']
}

export interface ChartModel {
  points: ChartPoint[]
  maxMs: number
  maxBytes: number
  /** Polyline `points` attributes, broken where a value is missing. */
  timePath: string
  sizePath: string
}

export interface ChartBox {
  width: number
  height: number
  pad: number
}

/** A "nice" round top for an axis (1, 2, 2.5, 5 × 10^n) at or above `v`, so the chart does not hug its peak. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}

/** Oldest first, at most `limit` of the latest builds that ran (skipped builds did nothing). */
export function chartBuilds(history: readonly BuildRecord[], limit = 30): BuildRecord[] {
  return history
    .filter((r) => r.state !== 'running' && r.state !== 'skipped')
    .slice()
    .sort((a, b) => a.startedAt - b.startedAt)
    .slice(-limit)
}

const pathOf = (pts: { x: number; y: number | null }[]): string => {
  const runs: string[] = []
  let cur: string[] = []
  for (const p of pts) {
    if (p.y === null) {
      if (cur.length) runs.push(cur.join(' '))
      cur = []
    } else cur.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`)
  }
  if (cur.length) runs.push(cur.join(' '))
  return runs.map((r) => `M${r.replace(/ /g, ' L')}`).join(' ')
}

export function chartModel(history: readonly BuildRecord[], box: ChartBox): ChartModel {
  const builds = chartBuilds(history)
  const wall = (r: BuildRecord): number | null => r.metrics?.wallMs ?? (r.endedAt !== null ? r.endedAt - r.startedAt : null)
  const size = (r: BuildRecord): number | null => (r.state === 'succeeded' ? (r.metrics?.outputBytes ?? null) : null)
  const maxMs = niceCeil(Math.max(0, ...builds.map((r) => wall(r) ?? 0)))
  const maxBytes = niceCeil(Math.max(0, ...builds.map((r) => size(r) ?? 0)))
  const innerW = box.width - 2 * box.pad
  const innerH = box.height - 2 * box.pad
  const xOf = (i: number): number => box.pad + (builds.length <= 1 ? innerW / 2 : (i * innerW) / (builds.length - 1))
  const yOf = (v: number | null, max: number): number | null => (v === null ? null : box.pad + innerH - (v / max) * innerH)
  const points = builds.map((r, i) => ({
    id: r.id,
    x: xOf(i),
    yTime: yOf(wall(r), maxMs),
    ySize: yOf(size(r), maxBytes),
    wallMs: wall(r),
    bytes: size(r),
    state: r.state,
  }))
  return {
    points,
    maxMs,
    maxBytes,
    timePath: pathOf(points.map((p) => ({ x: p.x, y: p.yTime }))),
    sizePath: pathOf(points.map((p) => ({ x: p.x, y: p.ySize }))),
  }
}
