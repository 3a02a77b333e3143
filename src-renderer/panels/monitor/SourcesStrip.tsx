// Where the figures come from: each source with its state and message; a missing or failing one
// shows the command that installs or fixes it, ready to copy.
import type { MonitorSource } from '../../../src-preload/contract'
import { SOURCE_NAME, STATE_LABEL } from './monitor-format'
import { useCopy } from '../../lib/copy-text'

function CopyFix({ command }: { command: string }) {
  const { copy, label } = useCopy()
  return (
    <span className="kiln-monitor-fix">
      <code data-testid="monitor-source-fix">{command}</code>
      <button type="button" className="kiln-icon-button text" data-testid="monitor-source-copy" title="Copy the command" onClick={() => copy(command)}>
        {label}
      </button>
    </span>
  )
}

export function SourcesStrip({ sources }: { sources: MonitorSource[] }) {
  return (
    <section className="kiln-monitor-block" data-testid="monitor-sources">
      <h3>Sources</h3>
      {sources.length === 0 ? (
        <p className="kiln-monitor-muted">No sources reported yet.</p>
      ) : (
        <ul className="kiln-monitor-sources">
          {sources.map((s) => (
            <li key={s.id} data-testid="monitor-source" data-id={s.id} data-state={s.state}>
              <span className={`kiln-monitor-state ${s.state}`} title={STATE_LABEL[s.state]} />
              <span className="name">{SOURCE_NAME[s.id]}</span>
              <span className="state">{STATE_LABEL[s.state]}</span>
              {s.message && <span className="message">{s.message}</span>}
              {s.fix && (s.state === 'missing' || s.state === 'failing') && <CopyFix command={s.fix} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
