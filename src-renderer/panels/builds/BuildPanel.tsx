// The bottom panel's Build tab: which build (a menu of recent builds), its state and actions, and
// three views: the live Log, the Problems list, the Artifacts.
import { useEffect } from 'react'
import { buildHeadline, formatWhen, plural } from './builds-format'
import { ArtifactsView } from './ArtifactsView'
import { BuildLog } from './BuildLog'
import { ProblemsList } from './ProblemsList'
import { cancelBuild, ensureLog, historyOf, showBuildTab, startBuild, useBuilds, wireBuilds, type BuildTab } from './builds-store'
import { useNow } from './use-now'
import '../../styles/builds.css'
import './build-panel.css'

export function BuildPanel() {
  useEffect(wireBuilds, [])
  const records = useBuilds((s) => s.records)
  const shown = useBuilds((s) => s.shown)
  const tab = useBuilds((s) => s.tab)
  const log = useBuilds((s) => (shown ? s.logs[shown] : undefined))
  const reveal = useBuilds((s) => s.logReveal)
  const build = shown ? (records[shown] ?? null) : null
  const running = build?.state === 'running'
  const now = useNow(running)
  const recent = historyOf(records).filter((r) => r.state !== 'skipped').slice(0, 30)
  useEffect(() => {
    if (shown) void ensureLog(shown)
  }, [shown])
  const tabButton = (id: BuildTab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} className={`kiln-builds-subtab${tab === id ? ' active' : ''}`} data-testid={`builds-tab-${id}`} onClick={() => (id === 'artifacts' ? showBuildTab(id) : useBuilds.setState({ tab: id }))}>
      {label}
    </button>
  )
  const problems = build ? build.errors + build.warnings || build.diagnostics.length : 0
  return (
    <div className="kiln-builds-panel" data-testid="builds-panel" data-state={build?.state ?? 'none'}>
      <header className="kiln-builds-panel-bar">
        <div role="tablist" className="kiln-builds-subtabs">
          {tabButton('log', 'Log')}
          {tabButton('problems', problems > 0 ? `Problems (${problems})` : 'Problems')}
          {tabButton('artifacts', 'Artifacts')}
        </div>
        {recent.length > 0 && (
          <select className="kiln-builds-pick" aria-label="Build shown" data-testid="builds-pick" value={shown ?? ''} onChange={(e) => useBuilds.setState({ shown: e.target.value })}>
            {recent.map((r) => (
              <option key={r.id} value={r.id}>
                {r.config} · {formatWhen(r.startedAt)} · {r.state}
              </option>
            ))}
          </select>
        )}
        {build && (
          <span className={`kiln-builds-panel-state ${build.state}`} data-testid="builds-panel-state" role="status">
            {buildHeadline(build, now)}
          </span>
        )}
        <span className="kiln-builds-spacer" />
        {build && running && (
          <button type="button" className="kiln-button secondary small" data-testid="builds-panel-cancel" onClick={() => void cancelBuild(build.id)}>
            Cancel
          </button>
        )}
        {build && !running && (
          <button type="button" className="kiln-button secondary small" data-testid="builds-panel-rebuild" onClick={() => void startBuild(build.config, { force: true })}>
            Rebuild {build.config}
          </button>
        )}
      </header>
      {running && <div className="kiln-progress-bar kiln-builds-progress" role="progressbar" aria-label="Building" />}
      {build && build.state === 'failed' && (build.suggestion || build.message) && (
        <div className="kiln-builds-banner" data-testid="builds-banner">
          <span>{build.message ?? `The build failed${build.errors ? ` with ${plural(build.errors, 'error')}` : ''}.`}</span>
          {build.suggestion === 'unsafe-warn' && (
            <button type="button" className="kiln-button secondary small" data-testid="builds-panel-unsafe-warn" onClick={() => void startBuild(build.config, { force: true, trim: 'unsafe-warn' })}>
              Build with --trim=unsafe-warn (reports every problem)
            </button>
          )}
          {build.suggestion === 'retry' && (
            <button type="button" className="kiln-button secondary small" data-testid="builds-panel-retry" onClick={() => void startBuild(build.config, { force: true })}>
              Retry
            </button>
          )}
        </div>
      )}
      <div className="kiln-builds-panel-body">
        {!build ? (
          <p className="kiln-builds-muted pad" data-testid="builds-panel-empty">
            No build yet. Build a configuration from the Builds view, or run “Juliac: Build…” (Ctrl+Shift+B).
          </p>
        ) : tab === 'log' ? (
          <BuildLog log={log} running={running} reveal={reveal} />
        ) : tab === 'problems' ? (
          <ProblemsList build={build} />
        ) : (
          <ArtifactsView build={build} />
        )}
      </div>
    </div>
  )
}
