// "Start the model server", where a chat reply or a proposed edit failed because no server runs:
// one click starts the model the Models view would start (the running one's last, the remembered
// one, else the first readable), with the load progress in place; "Choose…" opens the Models view.
// With no model at all it only offers the Models view, which says where models are looked for.
import { useEffect } from 'react'
import { useLayout } from '../../store/layout'
import '../../styles/models.css'
import { isServerUp, loadLibrary, selectedModel, startServer, useModels } from './models-store'

const showModels = (): void => useLayout.getState().showView('models')

/** `readyNote`: what to say once the server is ready (nothing when absent: the caller has a retry). */
export function StartServer({ testId, readyNote }: { testId: string; readyNote?: string }) {
  const status = useModels((s) => s.status)
  const model = useModels(selectedModel)
  const libraryLoaded = useModels((s) => s.library !== null)
  const scanning = useModels((s) => s.scanning)
  const libraryFailed = useModels((s) => s.libraryError !== null)
  const action = useModels((s) => s.action)
  const actionError = useModels((s) => s.actionError)
  // Several failed replies may show this at once: one scan.
  useEffect(() => {
    if (!libraryLoaded && !scanning && !libraryFailed) void loadLibrary()
  }, [libraryLoaded, scanning, libraryFailed])

  if (status?.state === 'ready') return readyNote ? <span className="kiln-start-server-note" data-testid={`${testId}-note`}>{readyNote}</span> : null
  if (isServerUp(status) || action === 'start') {
    const pct = status?.progress !== null && status?.progress !== undefined ? ` ${Math.round(status.progress * 100)}%` : ''
    return (
      <span className="kiln-start-server-note" data-testid={`${testId}-note`}>
        Starting {status?.model?.name ?? model?.name ?? 'the model'}…{pct}
      </span>
    )
  }
  // Not "Choose a model…" before the library has answered: it may well hold one.
  if (!libraryLoaded && !libraryFailed) return <span className="kiln-start-server-note" data-testid={`${testId}-note`}>Looking for models…</span>
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
