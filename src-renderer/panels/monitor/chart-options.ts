// uPlot options for the Monitor's four charts, in the theme's colours (CSS variables read when a
// chart is made; a theme change makes the charts again). The x scale always ends at the newest
// sample and spans the chosen range, so the graphs scroll like btop's.
import type uPlot from 'uplot'

export type Palette = {
  fg: string
  muted: string
  grid: string
  font: string
  cpu: string
  core: string
  ram: string
  gtt: string
  vram: string
  total: string
  gpu: string[]
  temp: string
  power: string
}

const css = (style: CSSStyleDeclaration, name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback

/** The palette from monitor.css's variables for the theme now on the page. */
export function readPalette(el: Element = document.documentElement): Palette {
  const s = getComputedStyle(el)
  return {
    fg: css(s, '--kiln-fg', '#cccccc'),
    muted: css(s, '--kiln-muted', '#9d9d9d'),
    grid: css(s, '--kiln-monitor-grid', 'rgba(128,128,128,0.18)'),
    font: `11px ${css(s, '--kiln-font-ui', 'sans-serif')}`,
    cpu: css(s, '--kiln-monitor-cpu', '#3794ff'),
    core: css(s, '--kiln-monitor-core', '#3794ff'),
    ram: css(s, '--kiln-monitor-ram', '#3794ff'),
    gtt: css(s, '--kiln-monitor-gtt', '#c586c0'),
    vram: css(s, '--kiln-monitor-vram', '#4ec9b0'),
    total: css(s, '--kiln-monitor-total', '#9d9d9d'),
    gpu: [css(s, '--kiln-monitor-gpu-1', '#89d185'), css(s, '--kiln-monitor-gpu-2', '#e5c07b'), css(s, '--kiln-monitor-gpu-3', '#f14c4c')],
    temp: css(s, '--kiln-monitor-temp', '#f0a040'),
    power: css(s, '--kiln-monitor-power', '#e5c07b'),
  }
}

/** `#rrggbb` with an alpha (0..1); other colour forms are returned as they are. */
export function withAlpha(color: string, a: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return color
  return `${color}${Math.round(Math.max(0, Math.min(1, a)) * 255).toString(16).padStart(2, '0')}`
}

const GiB = 2 ** 30
/** Memory ticks on whole binary sizes (1, 2, 4 … GiB), never 2e10. */
const MEMORY_INCRS = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map((g) => g * GiB)

export const gibTick = (v: number): string => {
  const g = v / GiB
  return g === 0 ? '0' : g < 1 ? `${Math.round(g * 1024)} MiB` : `${Number(g.toFixed(1))} GiB`
}

const pad = (n: number): string => String(n).padStart(2, '0')
/** `14:05`, or `14:05:30` when ticks are less than a minute apart: one line, no date. */
export function timeTick(seconds: number, withSeconds: boolean): string {
  const d = new Date(seconds * 1000)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? `:${pad(d.getSeconds())}` : ''}`
}

type Common = { palette: Palette; rangeS: () => number; height: number; onCursor?: (idx: number | null) => void }

function base({ palette: p, rangeS, height, onCursor }: Common): uPlot.Options {
  return {
    width: 300,
    height,
    legend: { show: false },
    // The cursors of all charts move together (one time under the mouse).
    cursor: { sync: { key: 'kiln-monitor' }, y: false, drag: { x: false, y: false, setScale: false }, points: { size: 5 } },
    scales: {
      x: {
        time: true,
        range: (_u, _min, max) => {
          const hi = Number.isFinite(max) ? max : Date.now() / 1000
          return [hi - rangeS(), hi]
        },
      },
    },
    axes: [
      {
        stroke: p.muted,
        font: p.font,
        grid: { stroke: p.grid, width: 1 },
        ticks: { stroke: p.grid, width: 1, size: 4 },
        space: 44,
        size: 24,
        values: (_u, splits, _axis, _space, incr) => splits.map((v) => timeTick(v, incr < 60)),
      },
    ],
    series: [{}],
    hooks: onCursor ? { setCursor: [(u) => onCursor(u.cursor.idx ?? null)] } : {},
  }
}

const yAxis = (p: Palette, fmt: (v: number) => string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: p.muted,
  font: p.font,
  grid: { stroke: p.grid, width: 1 },
  ticks: { show: false },
  space: 22,
  size: 44,
  values: (_u, splits) => splits.map(fmt),
  ...extra,
})

const pct = (v: number): string => `${v}%`

/** CPU: the total, filled, over a faint line per core. */
export function cpuOptions(c: Common, cores: number): uPlot.Options {
  const o = base(c)
  const p = c.palette
  o.scales!.y = { range: [0, 100] }
  o.axes!.push(yAxis(p, pct))
  o.series.push({ label: 'Total', stroke: p.cpu, width: 2, fill: withAlpha(p.cpu, 0.18), points: { show: false } })
  for (let i = 0; i < cores; i++) o.series.push({ label: `Core ${i}`, stroke: withAlpha(p.core, 0.28), width: 1, points: { show: false } })
  return o
}

/** Unified memory: RAM, GTT and VRAM as stacked bands (series hold the tops), the total as a dashed line. */
export function memoryOptions(c: Common, maxBytes: () => number): uPlot.Options {
  const o = base(c)
  const p = c.palette
  o.scales!.y = { range: () => [0, maxBytes()] }
  o.axes!.push(yAxis(p, gibTick, { incrs: MEMORY_INCRS, size: 56 }))
  o.series.push(
    { label: 'RAM', stroke: p.ram, width: 1, fill: withAlpha(p.ram, 0.35), points: { show: false } },
    { label: 'GTT', stroke: p.gtt, width: 1, fill: withAlpha(p.gtt, 0.45), points: { show: false } },
    { label: 'VRAM', stroke: p.vram, width: 1, fill: withAlpha(p.vram, 0.5), points: { show: false } },
    { label: 'Total', stroke: p.total, width: 1.5, dash: [5, 4], points: { show: false } },
  )
  o.bands = [
    { series: [2, 1], fill: withAlpha(p.gtt, 0.45) },
    { series: [3, 2], fill: withAlpha(p.vram, 0.5) },
  ]
  return o
}

/** GPU busy %, a line per GPU. */
export function busyOptions(c: Common, gpus: readonly string[]): uPlot.Options {
  const o = base(c)
  const p = c.palette
  o.scales!.y = { range: [0, 100] }
  o.axes!.push(yAxis(p, pct))
  gpus.forEach((name, i) => {
    const color = p.gpu[i % p.gpu.length]!
    o.series.push({ label: name, stroke: color, width: 2, fill: gpus.length === 1 ? withAlpha(color, 0.18) : undefined, points: { show: false } })
  })
  return o
}

/** Temperature (°C, left axis) and power (W, right axis), a pair of lines per GPU. */
export function thermalOptions(c: Common, gpus: readonly string[]): uPlot.Options {
  const o = base(c)
  const p = c.palette
  o.scales!.C = { range: (_u, _min, max) => [0, Math.max(100, Math.ceil((Number.isFinite(max) ? max : 0) / 10) * 10)] }
  o.scales!.W = { range: (_u, _min, max) => [0, Math.max(10, Math.ceil(((Number.isFinite(max) ? max : 0) * 1.2) / 10) * 10)] }
  o.axes!.push(yAxis(p, (v) => `${v} °C`, { scale: 'C' }), yAxis(p, (v) => `${v} W`, { scale: 'W', side: 1, grid: { show: false } }))
  gpus.forEach((name, i) => o.series.push({ label: `${name} °C`, scale: 'C', stroke: p.temp, width: 2, dash: i > 0 ? [4, 3] : undefined, points: { show: false } }))
  gpus.forEach((name, i) => o.series.push({ label: `${name} W`, scale: 'W', stroke: p.power, width: 1.5, dash: i > 0 ? [4, 3] : undefined, points: { show: false } }))
  return o
}
