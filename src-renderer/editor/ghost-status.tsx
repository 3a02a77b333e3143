// The status bar item for ghost-text completion while a model server is ready: the last
// completion's latency ("⚡ 84 ms", "⚡ on" before the first), or "⚡ off". A click turns completion
// on or off (setting assist.completion), as Copilot's status item does.
import { api } from '../api'
import { notify } from '../store/notifications'
import { useSettings } from '../store/settings'
import { ghostStatusText, useGhost } from './ghost-state'

async function toggle(enabled: boolean): Promise<void> {
  const r = await api.call('settings:set', { key: 'assist.completion', value: !enabled })
  if (!r.ok) notify('error', `Could not turn completion ${enabled ? 'off' : 'on'}: ${r.message}`)
}

export function GhostStatusItem() {
  const enabled = useSettings((s) => s.values['assist.completion'] !== false)
  const serverReady = useGhost((s) => s.serverReady)
  const lastMs = useGhost((s) => s.lastMs)
  const text = ghostStatusText(enabled, { serverReady, lastMs })
  if (text === null) return null
  const title = enabled
    ? `Completion as you type from the local model${lastMs === null ? '' : `: the last took ${lastMs} ms`}. Click to turn it off.`
    : 'Completion as you type is off. Click to turn it on.'
  return (
    <button type="button" className="kiln-status-item clickable" data-testid="status-item" data-id="completion" data-enabled={enabled} title={title} onClick={() => void toggle(enabled)}>
      {text}
    </button>
  )
}
