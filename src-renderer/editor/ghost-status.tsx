// The status bar item for ghost-text completion: the last completion's latency, hidden when off.
import { useSettings } from '../store/settings'
import { ghostStatusText, useGhost } from './ghost-state'

export function GhostStatusItem() {
  const enabled = useSettings((s) => s.values['assist.completion'] !== false)
  const serverReady = useGhost((s) => s.serverReady)
  const lastMs = useGhost((s) => s.lastMs)
  const text = ghostStatusText(enabled, { serverReady, lastMs })
  if (text === null) return null
  return (
    <span className="kiln-status-item" data-testid="status-item" data-id="completion" title="Ghost-text completion from the local model: the last completion's time (setting assist.completion)">
      {text}
    </span>
  )
}
