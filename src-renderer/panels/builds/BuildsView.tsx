// The Builds side view: juliac's status, the workspace's build configurations (.kiln/builds.json)
// with their problems in words, each with its build controls, latest state and history; the
// configuration editor; and "New Julia App…".
import { useEffect } from 'react'
import { useWorkspace } from '../../store/workspace'
import { Section } from '../julia/Section'
import { problemTarget } from './config-form'
import { BuildCard } from './BuildCard'
import { ConfigEditor } from './ConfigEditor'
import { JuliacStatusSection } from './JuliacStatusSection'
import { useBuilds, wireBuilds } from './builds-store'
import '../../styles/builds.css'

function Configurations() {
  const configs = useBuilds((s) => s.configs)
  const editing = useBuilds((s) => s.editing)
  const unavailable = useBuilds((s) => s.unavailable)
  if (editing !== null) return <ConfigEditor key={String(editing)} editing={editing} />
  const list = configs?.configs ?? []
  const problems = configs?.problems ?? []
  const general = problems.filter((p) => problemTarget(p.path).index === null || problemTarget(p.path).index! >= list.length)
  const mineOf = (i: number): string[] =>
    problems
      .filter((p) => problemTarget(p.path).index === i)
      .map((p) => {
        const f = problemTarget(p.path).field
        return f ? `${f}: ${p.message}` : p.message
      })
  return (
    <Section
      id="configs"
      title="Configurations"
      actions={
        <button type="button" className="kiln-icon-button text" data-testid="builds-add" title="Add a build configuration" onClick={() => useBuilds.setState({ editing: 'new' })}>
          Add…
        </button>
      }
    >
      {!configs ? (
        <p className="kiln-builds-muted">{unavailable ? 'Configurations are read by the juliac service.' : 'Reading .kiln/builds.json…'}</p>
      ) : (
        <>
          {general.map((p, i) => (
            <p key={i} className="kiln-builds-problem" data-testid="builds-file-problem">
              {configs.file}
              {p.path ? ` (${p.path})` : ''}: {p.message}
            </p>
          ))}
          {list.length === 0 ? (
            <div className="kiln-builds-empty" data-testid="builds-empty">
              <p>{configs.exists ? `${configs.file} has no configurations.` : 'No build configurations yet.'}</p>
              <p className="kiln-builds-muted">A configuration tells juliac what to build: an entry with (@main)(ARGS), the output, trimming.</p>
              <div className="kiln-builds-actions">
                <button type="button" className="kiln-button primary small" data-testid="builds-new-app" onClick={() => useBuilds.setState({ picker: 'newApp' })}>
                  New Julia App…
                </button>
                <button type="button" className="kiln-button secondary small" onClick={() => useBuilds.setState({ editing: 'new' })}>
                  Add Configuration…
                </button>
              </div>
            </div>
          ) : (
            <ul className="kiln-builds-configs">
              {list.map((c, i) => (
                <BuildCard key={`${i}:${c.name}`} config={c} index={i} problems={mineOf(i)} />
              ))}
            </ul>
          )}
        </>
      )}
    </Section>
  )
}

export function BuildsView() {
  const hasFolder = useWorkspace((s) => s.info !== null)
  // The empty state has its own New Julia App button.
  const hasConfigs = useBuilds((s) => (s.configs?.configs.length ?? 0) > 0)
  useEffect(wireBuilds, [])
  return (
    <div className="kiln-builds-view kiln-julia-view" data-testid="builds-view">
      <JuliacStatusSection />
      {hasFolder ? (
        <>
          <Configurations />
          <div className="kiln-builds-footer" hidden={!hasConfigs}>
            <button type="button" className="kiln-link" data-testid="builds-new-app-link" onClick={() => useBuilds.setState({ picker: 'newApp' })}>
              New Julia App…
            </button>
          </div>
        </>
      ) : (
        <p className="kiln-builds-muted pad">Open a folder to build it with juliac.</p>
      )}
    </div>
  )
}
