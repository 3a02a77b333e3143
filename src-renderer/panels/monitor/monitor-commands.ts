// The Monitor's palette command. Ctrl+Alt+U ("usage") is free in the workbench, Monaco's
// defaults and the terminal's Kiln keys; Ctrl+Alt+M is the Models view.
import { registerCommand } from '../../commands'
import { showMonitor } from './monitor-store'

export const MONITOR_KEYS = { show: 'Ctrl+Alt+U' } as const

export function registerMonitorCommands(): () => void {
  return registerCommand({ id: 'monitor.show', title: 'Monitor: Show', keybinding: MONITOR_KEYS.show, run: showMonitor })
}
