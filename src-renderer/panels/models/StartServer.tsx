// "Start the model server", where a chat reply or a proposed edit failed because no server runs:
// one click starts the model the Models view would start (the running one's last, the remembered
// one, else the first readable), with the load progress in place; "Choose…" opens the Models view.
// With no model at all it only offers the Models view, which says where models are looked for.
import { useEffect } from 'react'
import { useLayout } from '../../store/layout'
import '../../styles/models.css'
import { isServerUp, loadLibrary, selectedModel, startServer, useModels } from './models-store'

const showModels = (): void => useLayout.getState().showView('models')

export function StartServer({ testId }: { testId: string }) {
  const status = useModels((s) => s.status)
  const model = useModels(selectedModel)
  const libraryLoaded = useModels((s) => s.library !== null)
  const action = useModels((s) => s.action)
  const actionError = useModels((s) => s.actionError)
  useEffect(() => {
    if (!libraryLoaded) void loadLibrary()
  }, [libraryLoaded])

  if (status?.state === 'ready') return <span className="kiln-start-server-note" data-testid={`${testId}-note`}>The model server is ready: try again.</span>
  if (isServerUp(status) || action === 'start') {
    const pct = status?.progress !== null && status?.progress !== undefined ? ` ${Math.round(status.progress * 100)}%` : ''
    return (
      <span className="kiln-start-server-note" data-testid={`${testId}-note`}>
        Starting {status?.model?.name ?? model?.name ?? 'the model'}…{pct}
      </span>
    )
  }
  const usable = model !== null && model.error === null
  return (
    <span className="kiln-start-server">
      {usable ? (
        <button type="button" className="kiln-button primary small" data-testid={testId} title={model.path} onClick={() => void startServer()}>
          Start {model.name}
        </button>
      ) : (
        <button type="button" className="kiln-button primary small" data-testid={testId} onClick={showModels}>
          Choose a model…
        </button>
      )}
      {usable && (
        <button type="button" className="kiln-button secondary small" data-testid={`${testId}-choose`} onClick={showModels}>
          Other model…
        </button>
      )}
      {actionError && <span className="kiln-start-server-error">{actionError}</span>}
    </span>
  )
}
