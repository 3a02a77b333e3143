// The Monitor's state: the sample history (the snapshot's, then `monitor:sample` events), the
// sources and the inventory, the status bar's reading (changed at most once a second) and the
// chosen time range. Also the actions the panel, the status item and the palette share.
import { create } from 'zustand'
import type { MonitorInventory, MonitorSample, MonitorSource } from '../../../src-preload/contract'
import { api } from '../../api'
import { useJulia } from '../../store/julia'
import { useLayout } from '../../store/layout'
import { appendSample, mergeSamples, statusDue, type RangeS } from './monitor-series'

interface MonitorState {
  samples: MonitorSample[]
  sources: MonitorSource[]
  inventory: MonitorInventory | null
  intervalMs: number | null
  /** The first snapshot arrived. */
  loaded: boolean
  /** Why the monitor cannot be read (e.g. this host has no monitor service), in main's words. */
  unavailable: string | null
  /** The sample the status bar shows: the newest, but at most one change per second. */
  status: MonitorSample | null
  range: RangeS
}

export const useMonitor = create<MonitorState>()(() => ({
  samples: [],
  sources: [],
  inventory: null,
  intervalMs: null,
  loaded: false,
  unavailable: null,
  status: null,
  range: 300,
}))

const RANGE_KEY = 'kiln.monitor.range'

function onSample(s: MonitorSample): void {
  useMonitor.setState((st) => {
    const samples = appendSample(st.samples, s)
    return statusDue(st.status?.t ?? null, s.t) ? { samples, status: s, unavailable: null } : { samples }
  })
}

let loading: Promise<void> | null = null
/** Reads the history (or only what is newer than what is here) and merges it in; once at a time. */
export function loadSnapshot(): Promise<void> {
  loading ??= (async () => {
    const newest = useMonitor.getState().samples.at(-1)?.t
    const r = await api.call('monitor:snapshot', newest === undefined ? {} : { since: newest })
    if (!r.ok) {
      useMonitor.setState({ unavailable: r.message, loaded: true })
      return
    }
    const { samples: got, sources, inventory, intervalMs } = r.value
    useMonitor.setState((st) => {
      const samples = mergeSamples(st.samples, got)
      return { samples, sources, inventory: inventory ?? st.inventory, intervalMs, loaded: true, unavailable: null, status: samples.at(-1) ?? st.status }
    })
  })().finally(() => (loading = null))
  return loading
}

let wired = false
/** Subscribes to the monitor's events and reads the snapshot; once per page (the status bar is always mounted). */
export function wireMonitor(): void {
  if (wired) return
  wired = true
  try {
    const saved = Number(localStorage.getItem(RANGE_KEY))
    if (saved === 60 || saved === 300 || saved === 600) useMonitor.setState({ range: saved })
  } catch {
    // the default range then
  }
  api.on('monitor:sample', onSample)
  api.on('monitor:sources', (sources) => useMonitor.setState({ sources }))
  void loadSnapshot()
}

export function setRange(range: RangeS): void {
  useMonitor.setState({ range })
  try {
    localStorage.setItem(RANGE_KEY, String(range))
  } catch {
    // a convenience only
  }
}

let shownVisible: boolean | null = null
/** Tells main whether a monitor view is on screen (it samples slowly otherwise); only changes are sent. */
export function setMonitorVisible(visible: boolean, force = false): void {
  if (visible === shownVisible && !force) return
  shownVisible = visible
  void api.call('monitor:visible', { visible })
}

/** Shows the bottom panel on the Monitor tab. */
export function showMonitor(): void {
  useLayout.getState().set({ panelVisible: true })
  useJulia.setState({ bottomTab: 'monitor' })
}
