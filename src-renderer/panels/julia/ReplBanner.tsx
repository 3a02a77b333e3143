// The strip over the REPL tab: progress while Julia starts ("Starting Julia 1.12.1…"), then the
// measured start-up time for a while; after an unexpected exit, the exit code, the last output
// and a Restart button (the tab itself keeps the whole scrollback).
import { useEffect, useRef, useState } from 'react'
import { useJulia } from '../../store/julia'
import { exitHeadline, formatDuration, juliaVersion, lastLines } from './julia-format'
import { restartRepl } from './julia-client'
import { JuliaIcon, Spinner } from './JuliaIcon'

/** How long "ready in 0.84 s" stays up after a start. */
export const READY_NOTE_MS = 12_000

export function ReplBanner({ replActive }: { replActive: boolean }) {
  const status = useJulia((s) => s.status)
  const [readyAt, setReadyAt] = useState<number | null>(null)
  const previous = useRef(status?.state)
  useEffect(() => {
    const before = previous.current
    previous.current = status?.state
    // Ready after not running (starting, stopped, exited): a fresh start. Not on a page reload.
    if (status?.state === 'ready' && before !== undefined && before !== 'ready' && before !== 'busy') {
      setReadyAt(Date.now())
      const t = setTimeout(() => setReadyAt(null), READY_NOTE_MS)
      return () => clearTimeout(t)
    }
    if (status?.state !== 'ready' && status?.state !== 'busy') setReadyAt(null)
    return undefined
  }, [status?.state])

  if (!status) return null
  if (status.state === 'starting') {
    return (
      <div className="kiln-julia-banner starting" data-testid="julia-banner" data-state="starting" role="status">
        <Spinner />
        <span>Starting {juliaVersion(status)}…</span>
      </div>
    )
  }
  if (status.state === 'exited' && status.exit && replActive) {
    const output = lastLines(status.exit.lastOutput, 6)
    return (
      <div className="kiln-julia-banner exited" data-testid="julia-banner" data-state="exited" role="alert">
        <div className="kiln-julia-banner-row">
          <span className="kiln-julia-banner-title">{exitHeadline(status)}</span>
          <button type="button" className="kiln-button primary small" data-testid="julia-restart" onClick={() => void restartRepl()}>
            Restart Julia
          </button>
        </div>
        {output && (
          <pre className="kiln-julia-banner-output" data-testid="julia-exit-output">
            {output}
          </pre>
        )}
      </div>
    )
  }
  if (readyAt !== null && replActive && status.startupMs !== null && (status.state === 'ready' || status.state === 'busy')) {
    const threads = status.threads !== null ? ` · ${status.threads} thread${status.threads === 1 ? '' : 's'}` : ''
    return (
      <div className="kiln-julia-banner ready" data-testid="julia-banner" data-state="ready" role="status">
        <JuliaIcon size={13} />
        <span>
          {juliaVersion(status)} started in {formatDuration(status.startupMs)}
          {threads}
        </span>
        {status.versionNote && <span className="kiln-julia-banner-note">{status.versionNote}</span>}
      </div>
    )
  }
  return null
}
