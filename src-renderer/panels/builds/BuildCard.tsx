// One configuration in the Builds view: what it builds, Build / Cancel / Force rebuild, the latest
// build's state with its phase and a ticking elapsed time, its metrics, what to try after a
// failure, and the history chart.
import { Fragment, useState } from 'react'
import type { BuildConfig, BuildRecord } from '../../../src-preload/contract'
import { buildHeadline, formatBytes, formatElapsed, formatWhen, PHASE_LABEL } from './builds-format'
import { BuildChart } from './BuildChart'
import { cancelBuild, historyOf, showBuild, startBuild, useBuilds } from './builds-store'
import { useNow } from './use-now'
import './build-panel.css'

const PHASES = ['compiling', 'trimming', 'linking', 'bundling'] as const

function Phases({ r }: { r: BuildRecord }) {
  const at = PHASES.indexOf(r.phase as (typeof PHASES)[number])
  return (
    <ol className="kiln-builds-phases" aria-label="Build phases">
      {PHASES.map((p, i) => (
        <li key={p} className={i < at || r.phase === 'done' ? 'done' : i === at ? 'now' : ''}>
          {PHASE_LABEL[p]}
        </li>
      ))}
    </ol>
  )
}

function Metrics({ r }: { r: BuildRecord }) {
  const m = r.metrics
  if (!m) return null
  return (
    <dl className="kiln-builds-metrics" data-testid="builds-metrics">
      <dt>Wall</dt>
      <dd data-metric="wall">{formatElapsed(m.wallMs)}</dd>
      <dt>CPU</dt>
      <dd data-metric="cpu">{m.cpuMs !== null ? formatElapsed(m.cpuMs) : '—'}</dd>
      <dt>Peak memory</dt>
      <dd data-metric="memory">{formatBytes(m.peakRssBytes)}</dd>
      <dt>Output</dt>
      <dd data-metric="size">{formatBytes(m.outputBytes)}</dd>
      {m.juliaVersion && (
        <>
          <dt>Julia</dt>
          <dd>{m.juliaVersion}</dd>
        </>
      )}
      {m.flags.length > 0 && (
        <>
          {/* This build's own command line: a one-off --trim=unsafe-warn differs from the configuration. */}
          <dt className="flags">Flags</dt>
          <dd className="flags mono" data-testid="builds-metrics-flags" title={m.flags.join(' ')}>
            {m.flags.map((f, i) => (
              <Fragment key={i}>
                <span className="flag">{f}</span>{' '}
              </Fragment>
            ))}
          </dd>
        </>
      )}
    </dl>
  )
}

function Latest({ r, config }: { r: BuildRecord; config: string }) {
  const running = r.state === 'running'
  const now = useNow(running)
  return (
    <div className={`kiln-builds-latest ${r.state}`} data-testid="builds-latest" data-state={r.state} data-phase={r.phase}>
      <button type="button" className="kiln-builds-headline" title="Show this build’s log and problems" data-testid="builds-headline" onClick={() => showBuild(r.id, r.diagnostics.length > 0 && !running ? 'problems' : 'log')}>
        <span className={`kiln-builds-dot ${r.state}`} />
        {buildHeadline(r, now)}
      </button>
      {running && (
        <>
          <div className="kiln-progress-bar kiln-builds-progress" role="progressbar" aria-label={`Building ${config}: ${PHASE_LABEL[r.phase]}`} />
          <Phases r={r} />
        </>
      )}
      {r.message && r.state !== 'running' && (
        <p className={r.state === 'skipped' || r.state === 'cancelled' ? 'kiln-builds-muted' : 'kiln-builds-problem'} data-testid="builds-message">
          {r.message}
        </p>
      )}
      {r.state === 'failed' && r.suggestion === 'unsafe-warn' && (
        <button type="button" className="kiln-button secondary small" data-testid="builds-unsafe-warn" onClick={() => void startBuild(config, { force: true, trim: 'unsafe-warn' })}>
          Build with --trim=unsafe-warn (reports every problem)
        </button>
      )}
      {r.state === 'failed' && r.suggestion === 'retry' && (
        <button type="button" className="kiln-button secondary small" data-testid="builds-retry" onClick={() => void startBuild(config, { force: true })}>
          Retry
        </button>
      )}
      {r.state === 'succeeded' && <Metrics r={r} />}
    </div>
  )
}

export function BuildCard({ config, index, problems }: { config: BuildConfig; index: number; problems: string[] }) {
  const records = useBuilds((s) => s.records)
  const starting = useBuilds((s) => s.starting[config.name] ?? false)
  const [showHistory, setShowHistory] = useState(false)
  const history = historyOf(records, config.name)
  const latest = history[0] ?? null
  const lastRun = history.find((h) => h.state !== 'skipped') ?? null
  const running = latest?.state === 'running'
  const flags = [config.output !== 'exe' ? config.output : null, `trim=${config.trim}`, config.cpuTarget, config.bundle ? 'bundle' : null].filter(Boolean).join(' · ')
  return (
    <li className="kiln-builds-card" data-testid="builds-config" data-name={config.name}>
      <div className="kiln-builds-card-head">
        <div className="kiln-builds-card-title">
          <span className="name">{config.name}</span>
          <span className="entry" title={config.entry}>
            {config.entry}
          </span>
        </div>
        <button type="button" className="kiln-icon-button text" data-testid="builds-edit" title={`Edit ${config.name}`} onClick={() => useBuilds.setState({ editing: index })}>
          Edit
        </button>
      </div>
      <div className="kiln-builds-flags">{flags}</div>
      {problems.map((p, i) => (
        <p key={i} className="kiln-builds-problem" data-testid="builds-config-problem">
          {p}
        </p>
      ))}
      <div className="kiln-builds-actions">
        {running ? (
          <button type="button" className="kiln-button secondary small" data-testid="builds-cancel" onClick={() => void cancelBuild(latest.id)}>
            Cancel
          </button>
        ) : (
          <>
            <button type="button" className="kiln-button primary small" data-testid="builds-build" disabled={starting || problems.length > 0} title="Build (skipped when nothing changed since the last good build)" onClick={() => void startBuild(config.name)}>
              {starting ? 'Starting…' : 'Build'}
            </button>
            <button type="button" className="kiln-button secondary small" data-testid="builds-force" disabled={starting || problems.length > 0} title="Build even if nothing changed" onClick={() => void startBuild(config.name, { force: true })}>
              Force Rebuild
            </button>
          </>
        )}
        {lastRun && (
          <button type="button" className="kiln-icon-button text" data-testid="builds-show-log" onClick={() => showBuild(lastRun.id, 'log')}>
            Log
          </button>
        )}
        {lastRun?.state === 'succeeded' && (
          <button type="button" className="kiln-icon-button text" data-testid="builds-show-artifacts" onClick={() => showBuild(lastRun.id, 'artifacts')}>
            Artifacts
          </button>
        )}
      </div>
      {latest && <Latest r={latest} config={config.name} />}
      {latest?.state === 'skipped' && lastRun && lastRun.state === 'succeeded' && <Metrics r={lastRun} />}
      {history.length > 0 && (
        <div className="kiln-builds-history">
          <BuildChart history={history} />
          <button type="button" className="kiln-builds-toggle" aria-expanded={showHistory} data-testid="builds-history-toggle" onClick={() => setShowHistory(!showHistory)}>
            <span className={`kiln-julia-chevron${showHistory ? ' open' : ''}`}>›</span>
            History ({history.length})
          </button>
          {showHistory && (
            <>
              <ul className="kiln-builds-history-list" data-testid="builds-history">
                {history.slice(0, 12).map((h) => (
                  <li key={h.id}>
                    <button type="button" className="kiln-builds-history-row" onClick={() => h.state !== 'skipped' && showBuild(h.id)} disabled={h.state === 'skipped'}>
                      <span className={`kiln-builds-dot ${h.state}`} />
                      <span className="when">{formatWhen(h.startedAt)}</span>
                      <span className="state">{h.state}</span>
                      <span className="num">{h.metrics ? formatElapsed(h.metrics.wallMs) : ''}</span>
                      <span className="num">{h.state === 'succeeded' ? formatBytes(h.metrics?.outputBytes) : ''}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </li>
  )
}
