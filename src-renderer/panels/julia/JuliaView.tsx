// The side bar's Julia view: the workspace's variables (after each evaluation, filterable), the
// active environment with its packages and Pkg buttons, and the last error's stack frames.
import { useEffect, useMemo, useRef, useState } from 'react'
import { openFile } from '../../editor/buffers'
import { useJulia } from '../../store/julia'
import { useWorkspace } from '../../store/workspace'
import { EnvironmentSection } from './EnvironmentSection'
import { Section } from './Section'
import { errorHeadline } from '../../editor/run-format'
import { filterVariables } from './julia-view-model'

function Variables() {
  const variables = useJulia((s) => s.variables)
  const known = useJulia((s) => s.variablesKnown)
  const state = useJulia((s) => s.status?.state)
  const [filter, setFilter] = useState('')
  const shown = useMemo(() => filterVariables(variables, filter), [variables, filter])
  const running = state === 'ready' || state === 'busy' || state === 'starting'
  return (
    <Section id="variables" title="Variables">
      {variables.length > 0 && (
        <input
          className="kiln-input kiln-julia-filter"
          data-testid="julia-variables-filter"
          placeholder="Filter by name or type"
          aria-label="Filter variables"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      {!running ? (
        <p className="kiln-julia-empty">Start the REPL (Alt+J Alt+O) to see its variables.</p>
      ) : !known || variables.length === 0 ? (
        <p className="kiln-julia-empty">No variables yet. Run some code (Shift+Enter).</p>
      ) : (
        <ul className="kiln-julia-vars" data-testid="julia-variables">
          {shown.map((v) => (
            <li key={v.name} data-testid="julia-variable" data-name={v.name} title={`${v.name}::${v.type}${v.size ? ` (${v.size})` : ''}\n${v.summary}`}>
              <div className="kiln-julia-var-line">
                <span className="name">{v.name}</span>
                <span className="summary">{v.summary}</span>
              </div>
              <div className="kiln-julia-var-line meta">
                <span className="type">{v.type}</span>
                {v.size && <span className="size">{v.size}</span>}
              </div>
            </li>
          ))}
          {shown.length === 0 && <li className="kiln-julia-empty">No variable matches “{filter}”.</li>}
        </ul>
      )}
    </Section>
  )
}

function LastError() {
  const last = useJulia((s) => s.lastError)
  const reveal = useJulia((s) => s.errorReveal)
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    if (reveal > 0) ref.current?.scrollIntoView({ block: 'start' })
  }, [reveal])
  if (!last) return null
  const { error } = last
  return (
    <Section
      id="error"
      title="Last Error"
      sectionRef={ref}
      actions={
        <button type="button" className="kiln-icon-button" title="Dismiss" aria-label="Dismiss the error" onClick={() => useJulia.setState({ lastError: null })}>
          ×
        </button>
      }
    >
      <div className="kiln-julia-error" data-testid="julia-error">
        <div className="kiln-julia-error-title">{errorHeadline(error.type, error.message)}</div>
        <ol className="kiln-julia-frames">
          {error.frames.map((f, i) => (
            <li key={i}>
              {f.path !== null ? (
                <button type="button" className="kiln-link" data-testid="julia-frame" data-path={f.path} data-line={f.line} onClick={() => void openFile(f.path!, { line: f.line })}>
                  {f.func} at {f.path}:{f.line}
                </button>
              ) : (
                <span className="kiln-julia-frame-plain" data-testid="julia-frame-plain" title="Outside the workspace">
                  {f.func} at {f.file}:{f.line}
                </span>
              )}
            </li>
          ))}
        </ol>
      </div>
    </Section>
  )
}

export function JuliaView() {
  const hasFolder = useWorkspace((s) => s.info !== null)
  return (
    <div className="kiln-julia-view" data-testid="julia-view">
      <LastError />
      <Variables />
      {hasFolder ? <EnvironmentSection /> : <p className="kiln-julia-empty">Open a folder to see its Julia environment.</p>}
    </div>
  )
}
