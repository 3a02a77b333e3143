// The status bar's build item while builds run: the phase and a ticking elapsed time; a click shows
// the Build tab. Also where the Builds wiring starts (events, markers, commands, pickers): the
// status bar is always mounted.
import { useEffect } from 'react'
import { Spinner } from '../julia/JuliaIcon'
import { PHASE_LABEL, formatElapsed, elapsedOf } from './builds-format'
import { installBuildMarkers } from './builds-markers'
import { registerBuildCommands } from './builds-commands'
import { BuildPickers } from './BuildPickers'
import { runningBuilds, showBuild, useBuilds, wireBuilds } from './builds-store'
import { useNow } from './use-now'
import '../../styles/builds.css'

export function BuildsStatusItem() {
  useEffect(() => {
    wireBuilds()
    const offMarkers = installBuildMarkers()
    const offCommands = registerBuildCommands()
    return () => {
      offMarkers()
      offCommands()
    }
  }, [])
  const records = useBuilds((s) => s.records)
  const running = runningBuilds(records)
  const now = useNow(running.length > 0, 500)
  const first = running[0]
  return (
    <>
      {first && (
        <button
          type="button"
          className="kiln-status-item clickable kiln-builds-status-item"
          data-testid="status-item"
          data-id="juliac-build"
          title={`Building ${running.map((r) => r.config).join(', ')}: click to show the log`}
          onClick={() => showBuild(first.id, 'log')}
        >
          <Spinner />
          <span>
            {first.config}: {PHASE_LABEL[first.phase]} {formatElapsed(elapsedOf(first, now))}
            {running.length > 1 ? ` (+${running.length - 1})` : ''}
          </span>
        </button>
      )}
      <BuildPickers />
    </>
  )
}
