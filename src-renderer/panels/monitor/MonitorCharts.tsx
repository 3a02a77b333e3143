// The Monitor's charts: CPU (with a per-core strip), unified memory stacked against the total,
// GPU busy %, and temperature with power. Each card's legend shows the figures under the cursor
// (the cursors move together), else the newest. Without a GPU, one card says so and what was tried.
import { useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react'
import type { MonitorSample, MonitorSource } from '../../../src-preload/contract'
import { busyOptions, cpuOptions, memoryOptions, thermalOptions, timeTick, type Palette } from './chart-options'
import { formatBytes, formatPercent, formatPower, formatTemp, formatUsedOfTotal, triedSources } from './monitor-format'
import { busyColumns, cpuColumns, gpuIds, hasThermal, memoryAxisMax, memoryColumns, thermalColumns } from './monitor-series'
import { UPlotChart } from './UPlotChart'

const HEIGHT = 132

type LegendEntry = { label: string; value: string; color: string; dashed?: boolean; title?: string; testId?: string }

function Legend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul className="kiln-monitor-legend">
      {entries.map((e, i) => (
        <li key={i} title={e.title} data-testid={e.testId}>
          <span className={`swatch${e.dashed ? ' dashed' : ''}`} style={{ '--swatch': e.color } as CSSProperties} />
          <span className="label">{e.label}</span>
          <span className="value">{e.value}</span>
        </li>
      ))}
    </ul>
  )
}

function Card(props: { id: string; title: string; reading: string; at: number | null; children: ReactNode }) {
  return (
    <section className="kiln-monitor-card" data-testid={`monitor-card-${props.id}`}>
      <header>
        <h3>{props.title}</h3>
        {props.at !== null && <span className="at">at {timeTick(props.at / 1000, true)}</span>}
        <span className="reading" data-testid={`monitor-reading-${props.id}`}>
          {props.reading}
        </span>
      </header>
      {props.children}
    </section>
  )
}

type ChartProps = { w: MonitorSample[]; palette: Palette; theme: string; rangeS: () => number; active: boolean }

/** The hovered sample's index in the window (null: the newest), shared by a card's parts. */
function useHover(w: MonitorSample[]): { idx: number; at: number | null; onCursor: (i: number | null) => void } {
  const [hover, setHover] = useState<number | null>(null)
  const idx = hover !== null && hover < w.length ? hover : w.length - 1
  return { idx, at: hover !== null && hover < w.length ? w[hover]!.t : null, onCursor: setHover }
}

export function CpuChart({ w, palette, theme, rangeS, active }: ChartProps) {
  const { idx, at, onCursor } = useHover(w)
  const data = useMemo(() => cpuColumns(w), [w])
  const cores = data.length - 2
  const s = w[idx]
  return (
    <Card id="cpu" title="CPU" reading={formatPercent(s?.cpu.totalPercent)} at={at}>
      <UPlotChart
        testId="monitor-chart-cpu"
        shape={`${theme}:${cores}`}
        height={HEIGHT}
        active={active}
        data={data}
        options={() => cpuOptions({ palette, rangeS, height: HEIGHT, onCursor }, cores)}
      />
      <div className="kiln-monitor-cores" data-testid="monitor-cores" title="Each core now (100% = one core busy)">
        {(s?.cpu.perCore ?? []).map((v, i) => (
          <span key={i} className="core" title={`Core ${i}: ${formatPercent(v)}`}>
            <span className="fill" style={{ height: `${Math.max(0, Math.min(100, v))}%` }} />
          </span>
        ))}
      </div>
      <Legend
        entries={[
          { label: 'Total', value: formatPercent(s?.cpu.totalPercent), color: palette.cpu, testId: 'monitor-cpu-total' },
          ...(cores > 0 ? [{ label: `${cores} ${cores === 1 ? 'core' : 'cores'} (thin lines)`, value: '', color: palette.core }] : []),
        ]}
      />
    </Card>
  )
}

export function MemoryChart({ w, palette, theme, rangeS, active }: ChartProps) {
  const { idx, at, onCursor } = useHover(w)
  const m = useMemo(() => memoryColumns(w), [w])
  // Read by the chart's y range on each redraw: the chart is made once, the data keeps coming.
  const max = useRef(1)
  max.current = memoryAxisMax(m)
  const s = w[idx]
  const apu = s?.gpus.some((g) => g.apu) ?? false
  const gttTotal = s?.gpus.reduce((n, g) => n + (g.gttTotal ?? 0), 0) ?? 0
  const vramTotal = s?.gpus.reduce((n, g) => n + (g.vramTotal ?? 0), 0) ?? 0
  const entries: LegendEntry[] = [
    { label: m.hasGtt ? 'RAM used (without GTT)' : 'RAM used', value: formatBytes(m.ram[idx]), color: palette.ram, title: 'Memory in use by programs: MemTotal − MemAvailable', testId: 'monitor-mem-ram' },
  ]
  if (m.hasGtt)
    entries.push({ label: 'GTT used', value: `${formatBytes(m.gtt[idx])} of ${formatBytes(gttTotal)}`, color: palette.gtt, title: 'System memory mapped for the GPU', testId: 'monitor-mem-gtt' })
  if (m.hasVram)
    entries.push({ label: apu ? 'VRAM used (carve-out)' : 'VRAM used', value: `${formatBytes(m.vram[idx])} of ${formatBytes(vramTotal)}`, color: palette.vram, testId: 'monitor-mem-vram' })
  entries.push({ label: m.hasVram ? 'Total (RAM + VRAM)' : 'Total', value: formatBytes(m.total[idx]), color: palette.total, dashed: true, testId: 'monitor-mem-total' })
  return (
    <Card id="memory" title={m.hasGtt || m.hasVram ? 'Unified memory' : 'Memory'} reading={s ? formatUsedOfTotal(s.memory.used, s.memory.total) : '—'} at={at}>
      <UPlotChart
        testId="monitor-chart-memory"
        shape={theme}
        height={HEIGHT}
        active={active}
        data={m.columns}
        options={() => memoryOptions({ palette, rangeS, height: HEIGHT, onCursor }, () => max.current)}
      />
      <Legend entries={entries} />
      {apu && <p className="kiln-monitor-note">GTT is system memory mapped for the GPU: on this APU a model lives there, not in VRAM.</p>}
    </Card>
  )
}

export function BusyChart({ w, palette, theme, rangeS, active }: ChartProps) {
  const { idx, at, onCursor } = useHover(w)
  const gpus = useMemo(() => gpuIds(w), [w])
  const ids = gpus.map((g) => g.id)
  const data = useMemo(() => busyColumns(w, gpus.map((g) => g.id)), [w, gpus])
  const s = w[idx]
  const busy = (id: string): number | null => s?.gpus.find((g) => g.id === id)?.busyPercent ?? null
  return (
    <Card id="gpu" title="GPU busy" reading={gpus.length === 1 ? formatPercent(busy(ids[0]!)) : `${gpus.length} GPUs`} at={at}>
      <UPlotChart
        testId="monitor-chart-gpu"
        shape={`${theme}:${ids.join()}`}
        height={HEIGHT}
        active={active}
        data={data}
        options={() => busyOptions({ palette, rangeS, height: HEIGHT, onCursor }, gpus.map((g) => g.name))}
      />
      <Legend
        entries={gpus.map((g, i) => ({ label: g.name, value: formatPercent(busy(g.id)), color: palette.gpu[i % palette.gpu.length]!, title: g.id, testId: 'monitor-gpu-busy' }))}
      />
    </Card>
  )
}

export function ThermalChart({ w, palette, theme, rangeS, active }: ChartProps) {
  const { idx, at, onCursor } = useHover(w)
  const gpus = useMemo(() => gpuIds(w), [w])
  const ids = gpus.map((g) => g.id)
  const data = useMemo(() => thermalColumns(w, gpus.map((g) => g.id)), [w, gpus])
  const s = w[idx]
  const gpu = (id: string) => s?.gpus.find((g) => g.id === id)
  const first = gpu(ids[0] ?? '')
  const reading = gpus.length === 1 ? `${formatTemp(first?.temperatureC)} · ${formatPower(first?.powerW)}` : ''
  if (!hasThermal(w))
    return (
      <Card id="thermal" title="Temperature · Power" reading="—" at={null}>
        <p className="kiln-monitor-empty" data-testid="monitor-thermal-none" style={{ height: HEIGHT }}>
          No temperature or power figures: the driver’s hwmon files and the GPU tools gave none.
        </p>
      </Card>
    )
  const suffix = (g: { name: string }): string => (gpus.length > 1 ? ` ${g.name}` : '')
  return (
    <Card id="thermal" title="Temperature · Power" reading={reading} at={at}>
      <UPlotChart
        testId="monitor-chart-thermal"
        shape={`${theme}:${ids.join()}`}
        height={HEIGHT}
        active={active}
        data={data}
        options={() => thermalOptions({ palette, rangeS, height: HEIGHT, onCursor }, gpus.map((g) => g.name))}
      />
      <Legend
        entries={gpus.flatMap((g, i) => [
          { label: `Temperature${suffix(g)}`, value: formatTemp(gpu(g.id)?.temperatureC), color: palette.temp, dashed: i > 0, testId: 'monitor-gpu-temp' },
          { label: `Power${suffix(g)}`, value: formatPower(gpu(g.id)?.powerW), color: palette.power, dashed: i > 0, testId: 'monitor-gpu-power' },
        ])}
      />
    </Card>
  )
}

/** In place of the GPU charts on a machine without one: what was looked for, and what each source said. */
export function NoGpu({ sources }: { sources: MonitorSource[] }) {
  return (
    <section className="kiln-monitor-card kiln-monitor-nogpu" data-testid="monitor-no-gpu">
      <header>
        <h3>GPU</h3>
      </header>
      <p className="kiln-monitor-nogpu-title">No GPU found</p>
      <p className="kiln-monitor-muted">Looked for one through:</p>
      <ul>
        {triedSources(sources).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  )
}
