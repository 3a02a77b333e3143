// The Server section: which engine runs, its state (a progress bar while loading), Start / Stop /
// Restart, and once up its URL, load time, restarts, slots and the last completion's speed.
import type { InferenceLoadOptions, InferenceStatus } from '../../../src-preload/contract'
import { Section } from '../julia/Section'
import { clamp01, formatMs, formatTimings, formatTokens, runningName, stateText } from './models-format'
import { isServerUp, restartServer, selectedModel, startServer, stopServer, useModels } from './models-store'

const sameOptions = (a: InferenceLoadOptions, b: InferenceLoadOptions): boolean =>
  a.contextSize === b.contextSize && a.gpuLayers === b.gpuLayers && a.flashAttention === b.flashAttention && a.parallel === b.parallel && a.threads === b.threads

function engineText(s: InferenceStatus): string {
  return s.engine === 'embedded' ? 'Embedded (node-llama-cpp)' : `llama-server${s.llamaServerPath ? ` · ${s.llamaServerPath}` : ''}`
}

function LoadProgress({ progress }: { progress: number | null }) {
  if (progress === null) return <div className="kiln-progress-bar" data-testid="models-progress" data-kind="indeterminate" />
  const pct = Math.floor(clamp01(progress) * 100)
  return (
    <div className="kiln-models-progress" data-testid="models-progress" data-kind="determinate" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
      <div style={{ width: `${pct}%` }} />
    </div>
  )
}

function Facts({ status, up }: { status: InferenceStatus; up: boolean }) {
  const rows: [string, string, string][] = [['engine', 'Engine', engineText(status)]]
  if (status.url) rows.push(['url', 'URL', status.url])
  if (status.loadMs !== null) rows.push(['load', 'Loaded in', formatMs(status.loadMs)])
  if (status.restarts > 0) rows.push(['restarts', 'Restarts', `${status.restarts} of 5 after crashes`])
  if (up && status.timings) rows.push(['speed', 'Speed', formatTimings(status.timings)])
  return (
    <dl className="kiln-models-facts">
      {rows.map(([id, label, value]) => (
        <div key={id} data-testid={`models-server-${id}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

export function ServerStatus() {
  const status = useModels((s) => s.status)
  const unavailable = useModels((s) => s.unavailable)
  const action = useModels((s) => s.action)
  const actionError = useModels((s) => s.actionError)
  const selected = useModels(selectedModel)
  const options = useModels((s) => s.options)
  const state = status?.state ?? 'stopped'
  const name = useModels((s) => runningName(s.status?.model, s.library?.models))
  const up = isServerUp(status)
  const problem = actionError ?? (status && (state === 'failed' || state === 'crashed') ? status.message : null)
  const changed = up && status !== null && selected !== null && (selected.path !== status.model?.path || !sameOptions(options, status.options))
  const busy = action !== null
  return (
    <Section id="models-server" title="Server">
      <div className="kiln-models-server" data-testid="models-server" data-state={state}>
        {!status && unavailable && (
          <p className="kiln-models-muted" data-testid="models-unavailable">
            The local inference service is not available: {unavailable}
          </p>
        )}
        <div className="kiln-models-state-row">
          <span className={`kiln-models-badge ${state}`} data-testid="models-state">
            {status ? stateText(status) : 'stopped'}
          </span>
          <span className="kiln-models-state-model" title={status?.model?.path}>
            {name ?? (selected ? selected.name : 'No model selected')}
          </span>
        </div>
        {state === 'loading' && <LoadProgress progress={status?.progress ?? null} />}
        {state === 'starting' && <div className="kiln-progress-bar" data-testid="models-progress" data-kind="indeterminate" />}
        {problem && (
          <p className={`kiln-models-problem${state === 'crashed' && !actionError ? ' warn' : ''}`} role="alert" data-testid="models-server-error">
            {problem}
          </p>
        )}
        <div className="kiln-models-actions">
          {!up ? (
            <button
              type="button"
              className="kiln-button primary small"
              data-testid="models-start"
              disabled={busy || !selected}
              title={selected ? `Start the server with ${selected.name}` : 'Select a model first'}
              onClick={() => void startServer()}
            >
              {action === 'start' ? 'Starting…' : 'Start'}
            </button>
          ) : (
            <>
              {changed && (
                <button type="button" className="kiln-button primary small" data-testid="models-apply" disabled={busy} title="Restart the server with the selected model and these options" onClick={() => void startServer()}>
                  {selected.path !== status?.model?.path ? `Load ${selected.name}` : 'Apply and Restart'}
                </button>
              )}
              <button type="button" className="kiln-button secondary small" data-testid="models-stop" disabled={busy} onClick={() => void stopServer()}>
                {action === 'stop' ? 'Stopping…' : 'Stop'}
              </button>
              <button type="button" className="kiln-button secondary small" data-testid="models-restart" disabled={busy} title="Restart with the same model and options" onClick={() => void restartServer()}>
                Restart
              </button>
            </>
          )}
        </div>
        {status && <Facts status={status} up={up} />}
        {status && up && status.slots.length > 0 && (
          <ul className="kiln-models-slots" data-testid="models-slots">
            {status.slots.map((slot) => (
              <li key={slot.id} data-testid="models-slot">
                <span className={`kiln-models-dot ${slot.processing ? 'busy' : 'idle'}`} />
                slot {slot.id} · {slot.processing ? 'processing' : 'idle'}
                <span className="kiln-models-muted">
                  {' '}
                  · {slot.tokens === null ? '' : `${formatTokens(slot.tokens)} / `}
                  {formatTokens(slot.nCtx)} tokens
                </span>
              </li>
            ))}
          </ul>
        )}
        {status?.command && (
          <details className="kiln-models-command">
            <summary>Command line</summary>
            <div className="mono" data-testid="models-server-command" title="The API key is left out">
              {status.command.join(' ')}
            </div>
          </details>
        )}
      </div>
    </Section>
  )
}
