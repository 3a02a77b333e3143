// The Monitor with samples to show: the headroom a model still has, the charts, Kiln's processes
// and the sources. Loaded lazily by MonitorPanel (it brings uPlot).
import { useMemo, useRef } from 'react'
import { useUi } from '../../store/ui'
import { readPalette } from './chart-options'
import { BusyChart, CpuChart, MemoryChart, NoGpu, ThermalChart } from './MonitorCharts'
import { formatBytes } from './monitor-format'
import { windowOf } from './monitor-series'
import { useMonitor } from './monitor-store'
import { ProcessTable } from './ProcessTable'
import { SourcesStrip } from './SourcesStrip'

export default function MonitorLive({ shown }: { shown: boolean }) {
  const theme = useUi((s) => s.theme)
  const samples = useMonitor((s) => s.samples)
  const sources = useMonitor((s) => s.sources)
  const inventory = useMonitor((s) => s.inventory)
  const unavailable = useMonitor((s) => s.unavailable)
  const range = useMonitor((s) => s.range)
  const rangeRef = useRef(range)
  rangeRef.current = range
  const w = useMemo(() => windowOf(samples, range), [samples, range])
  // Read after theme.ts has set html[data-theme] (it does so before updating the store).
  const palette = useMemo(() => readPalette(), [theme])
  const latest = samples.at(-1)
  if (!latest) return null

  const rangeS = (): number => rangeRef.current
  const props = { w, palette, theme, rangeS, active: shown }
  const hasGpu = w.some((s) => s.gpus.length > 0)
  return (
    <div className="kiln-monitor" data-testid="monitor-panel" data-state="live" data-samples={samples.length}>
      <div className="kiln-monitor-top">
        <div className="kiln-monitor-headroom" data-testid="monitor-headroom" title={latest.headroom.detail}>
          <span className="lead">A model could still get</span>
          <span className="bytes" data-testid="monitor-headroom-bytes">
            {formatBytes(latest.headroom.bytes)}
          </span>
          <span className="detail" data-testid="monitor-headroom-detail">
            {latest.headroom.detail}
          </span>
        </div>
        {inventory && (
          <div className="kiln-monitor-inventory" data-testid="monitor-inventory">
            {inventory.cpuModel && <span>{inventory.cpuModel}</span>}
            {inventory.cores !== null && (
              <span>
                {inventory.cores} cores{inventory.threads !== null && inventory.threads !== inventory.cores ? ` / ${inventory.threads} threads` : ''}
              </span>
            )}
            {inventory.gpus.map((g, i) => (
              <span key={i}>{g.name}</span>
            ))}
          </div>
        )}
      </div>
      {unavailable && <p className="kiln-monitor-warning">The monitor stopped answering: {unavailable}</p>}
      <div className="kiln-monitor-grid">
        <CpuChart {...props} />
        <MemoryChart {...props} />
        {hasGpu ? (
          <>
            <BusyChart {...props} />
            <ThermalChart {...props} />
          </>
        ) : (
          <NoGpu sources={sources} />
        )}
      </div>
      <div className="kiln-monitor-bottom">
        <ProcessTable processes={latest.processes} />
        <SourcesStrip sources={sources} />
      </div>
    </div>
  )
}
