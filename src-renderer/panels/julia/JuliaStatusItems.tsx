// The status bar's Julia items: version and state (a spinner while starting or busy), the active
// environment (click: the picker) and threads; without Julia, "Julia not found" with the install
// command. Also where the Julia wiring and commands start: the status bar is always mounted.
import { useEffect } from 'react'
import { useJulia } from '../../store/julia'
import { loadMonaco } from '../../editor/monaco-loader'
import { registerFrameLinks } from '../../editor/run-code'
import { environmentLabel, shortEnvironmentName, stateLabel, statusTooltip } from './julia-format'
import { registerJuliaCommands } from './julia-commands'
import { restartRepl, showMissing, showRepl, startRepl, wireJulia } from './julia-client'
import { EnvironmentPicker } from './EnvironmentPicker'
import { ModuleStatusItem } from './ModuleStatusItem'
import { JuliaIcon, Spinner } from './JuliaIcon'
import '../../styles/julia.css'

let linksRegistered = false

export function useJuliaWiring(): void {
  useEffect(() => {
    wireJulia()
    if (!linksRegistered) {
      linksRegistered = true
      void loadMonaco().then(registerFrameLinks)
    }
    return registerJuliaCommands()
  }, [])
}

export function JuliaStatusItems() {
  const status = useJulia((s) => s.status)
  const envs = useJulia((s) => s.environments)
  const info = useJulia((s) => s.environment)
  if (!status) return <EnvironmentPicker />
  if (status.state === 'missing') {
    return (
      <button type="button" className="kiln-status-item clickable kiln-julia-missing" data-testid="status-item" data-id="julia" title={statusTooltip(status)} onClick={() => showMissing(status)}>
        <JuliaIcon size={13} mono />
        <span>Julia not found</span>
      </button>
    )
  }
  const busy = status.state === 'starting' || status.state === 'busy'
  const onClick = (): void => {
    if (status.state === 'stopped') void startRepl(true)
    else if (status.state === 'exited') void restartRepl()
    else showRepl(true)
  }
  return (
    <>
      <button
        type="button"
        className={`kiln-status-item clickable kiln-julia-status ${status.state}`}
        data-testid="status-item"
        data-id="julia"
        data-state={status.state}
        title={statusTooltip(status)}
        onClick={onClick}
      >
        {busy ? <Spinner /> : <JuliaIcon size={13} />}
        <span>{stateLabel(status)}</span>
        {status.versionNote && <span className="kiln-julia-note-dot" aria-label={status.versionNote} />}
      </button>
      <button
        type="button"
        className="kiln-status-item clickable"
        data-testid="status-item"
        data-id="julia-env"
        title={`Julia environment: ${environmentLabel(status.environment, envs?.environments)}\nClick to change it (Alt+J Alt+E)`}
        onClick={() => useJulia.setState({ envPickerOpen: true })}
      >
        <span>env: {shortEnvironmentName(status.environment, envs?.environments, info)}</span>
      </button>
      {status.threads !== null && (status.state === 'ready' || status.state === 'busy') && (
        <span className="kiln-status-item" data-testid="status-item" data-id="julia-threads" title="Julia threads (the julia.threads setting)">
          {status.threads} thread{status.threads === 1 ? '' : 's'}
        </span>
      )}
      <ModuleStatusItem />
      <EnvironmentPicker />
    </>
  )
}
