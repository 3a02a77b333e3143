// The `monitor:*` channels: the last 10 minutes of samples, and whether a monitor view is visible.
import { ok, type Channel } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { MonitorService } from './monitor-service'

export type MonitorChannel = Extract<Channel, `monitor:${string}`>

export function monitorHandlers(monitor: Pick<MonitorService, 'snapshot' | 'visible'>): HandlerMap<MonitorChannel> {
  return {
    'monitor:snapshot': ({ since }) => ok(monitor.snapshot(since)),
    'monitor:visible': ({ visible }) => {
      monitor.visible(visible)
      return ok(null)
    },
  }
}
