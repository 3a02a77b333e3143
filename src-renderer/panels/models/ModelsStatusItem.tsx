// The status bar's model item: the model and its state ("kiln-tiny-llama · ready", "… · loading
// 42%", "… · model crashed"), a subtle "No model" otherwise; the tooltip has the URL and speed; a
// click opens the Models view. Also where the Models wiring starts (events, commands): the status
// bar is always mounted.
import { useEffect } from 'react'
import { useSettings } from '../../store/settings'
import { Spinner } from '../julia/JuliaIcon'
import { registerModelsCommands } from './models-commands'
import { statusItemView } from './models-format'
import { showModels, useModels, wireModels } from './models-store'
import '../../styles/models.css'

export function ModelsStatusItem() {
  useEffect(() => {
    wireModels()
    return registerModelsCommands()
  }, [])
  const status = useModels((s) => s.status)
  const unavailable = useModels((s) => s.unavailable)
  const remembered = useSettings((s) => s.values['inference.model'])
  const models = useModels((s) => s.library?.models)
  const view = statusItemView(status, typeof remembered === 'string' ? remembered : '', unavailable, models)
  return (
    <button
      type="button"
      className={`kiln-status-item clickable kiln-models-status-item ${view.tone}`}
      data-testid="status-item"
      data-id="inference"
      data-state={status?.state ?? 'unknown'}
      title={view.title}
      onClick={showModels}
    >
      {view.tone === 'busy' ? <Spinner /> : <span className={`kiln-models-status-dot ${view.tone}`} aria-hidden="true" />}
      <span>{view.text}</span>
    </button>
  )
}
