// The status bar's reading: `CPU 12% · Mem 41/125 GiB · GPU 3%`, changed at most once a second
// (the store keeps the shown sample); a click opens the Monitor tab. Also where the Monitor's
// wiring starts (events, the palette command): the status bar is always mounted. Nothing is shown
// while the host has no monitor or before the first sample.
import { useEffect } from 'react'
import { registerMonitorCommands } from './monitor-commands'
import { statusText, statusTitle } from './monitor-format'
import { showMonitor, useMonitor, wireMonitor } from './monitor-store'

export function MonitorStatusItem() {
  useEffect(() => {
    wireMonitor()
    return registerMonitorCommands()
  }, [])
  const sample = useMonitor((s) => s.status)
  if (!sample) return null
  return (
    <button type="button" className="kiln-status-item clickable" data-testid="status-item" data-id="monitor" title={statusTitle(sample)} onClick={showMonitor}>
      <span>{statusText(sample)}</span>
    </button>
  )
}
