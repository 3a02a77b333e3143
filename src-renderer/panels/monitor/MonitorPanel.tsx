// The Monitor tab of the bottom panel. While it is on screen (tab shown, page visible) main samples
// at the set rate; otherwise slowly. The charts (uPlot) load the first time the tab is shown, not
// with the workbench. A host without a monitor service gets its reason, not a blank tab.
import { lazy, Suspense, useEffect, useState } from 'react'
import { useUi } from '../../store/ui'
import { formatInterval } from './monitor-format'
import { RANGES } from './monitor-series'
import { loadSnapshot, setMonitorVisible, setRange, useMonitor, wireMonitor } from './monitor-store'
import '../../styles/monitor.css'

const MonitorLive = lazy(() => import('./MonitorLive'))

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden')
  useEffect(() => {
    const on = (): void => setVisible(document.visibilityState !== 'hidden')
    document.addEventListener('visibilitychange', on)
    return () => document.removeEventListener('visibilitychange', on)
  }, [])
  return visible
}

/** The range buttons and the sampling rate, in the panel's header row. */
export function MonitorToolbar() {
  const range = useMonitor((s) => s.range)
  const interval = useMonitor((s) => s.intervalMs)
  const hasSamples = useMonitor((s) => s.samples.length > 0)
  if (!hasSamples) return null
  return (
    <div className="kiln-monitor-toolbar" data-testid="monitor-toolbar">
      {interval !== null && <span className="kiln-monitor-muted" title="The monitor.intervalMs setting">every {formatInterval(interval)}</span>}
      <div className="kiln-monitor-ranges" role="group" aria-label="Time range">
        {RANGES.map((r) => (
          <button key={r} type="button" className={r === range ? 'active' : ''} aria-pressed={r === range} data-testid={`monitor-range-${r}`} onClick={() => setRange(r)}>
            {r / 60} min
          </button>
        ))}
      </div>
    </div>
  )
}

export function MonitorPanel({ visible }: { visible: boolean }) {
  const pageVisible = usePageVisible()
  const connected = useUi((s) => s.connected)
  const shown = visible && pageVisible
  const [everShown, setEverShown] = useState(false)
  useEffect(() => wireMonitor(), [])
  useEffect(() => {
    if (shown) setEverShown(true)
    // Sent again after a reconnect: a new connection starts with main's default.
    if (connected) setMonitorVisible(shown, true)
    // Events keep coming while hidden; the snapshot fills what a lost connection missed.
    if (shown && connected) void loadSnapshot()
  }, [shown, connected])
  useEffect(() => () => setMonitorVisible(false), [])

  const hasSamples = useMonitor((s) => s.samples.length > 0)
  const unavailable = useMonitor((s) => s.unavailable)
  const loaded = useMonitor((s) => s.loaded)

  if (!hasSamples) {
    return (
      <div className="kiln-monitor" data-testid="monitor-panel" data-state={unavailable ? 'unavailable' : 'waiting'}>
        {unavailable ? (
          <div className="kiln-monitor-message" data-testid="monitor-unavailable">
            <p>The system monitor is not available in this Kiln: {unavailable}</p>
            <button type="button" className="kiln-button secondary" onClick={() => void loadSnapshot()}>
              Try again
            </button>
          </div>
        ) : (
          <p className="kiln-monitor-message kiln-monitor-muted">{loaded ? 'Waiting for the first sample…' : 'Reading the monitor…'}</p>
        )}
      </div>
    )
  }
  return (
    <Suspense fallback={<p className="kiln-monitor-message kiln-monitor-muted">Loading the charts…</p>}>
      {everShown ? <MonitorLive shown={shown} /> : null}
    </Suspense>
  )
}
