// The Models side view (local inference): the server and its state, the model library, the
// selected model's facts, load options with the memory estimate, a prompt to try, and the log.
// The library and the log are read the first time the view is shown, not at start.
import { useEffect } from 'react'
import { useLayout } from '../../store/layout'
import { LoadOptions } from './LoadOptions'
import { ModelDetails } from './ModelDetails'
import { ModelList } from './ModelList'
import { ServerLog } from './ServerLog'
import { ServerStatus } from './ServerStatus'
import { TryPrompt } from './TryPrompt'
import { loadViewData, wireModels } from './models-store'
import '../../styles/models.css'

export function ModelsView() {
  const shown = useLayout((s) => s.sidebarVisible && s.sideView === 'models')
  useEffect(() => {
    wireModels()
    if (shown) loadViewData()
  }, [shown])
  return (
    <div className="kiln-models-view kiln-julia-view" data-testid="models-view">
      <ServerStatus />
      <ModelList />
      <ModelDetails />
      <LoadOptions />
      <TryPrompt />
      <ServerLog />
    </div>
  )
}
