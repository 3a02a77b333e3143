// The server's log: what it printed so far (read when the view first opens), then each line as it
// comes. Follows the end unless the user scrolled up; keeps the last MAX_LOG_LINES lines.
import { useEffect, useRef } from 'react'
import { Section } from '../julia/Section'
import { lineKind, logLines } from '../builds/log-model'
import { useModels } from './models-store'

const NEAR_END_PX = 24

export function ServerLog() {
  const log = useModels((s) => s.log)
  const loaded = useModels((s) => s.logLoaded)
  const error = useModels((s) => s.logError)
  const box = useRef<HTMLDivElement>(null)
  const follow = useRef(true)
  const lines = logLines(log)
  useEffect(() => {
    const el = box.current
    if (el && follow.current) el.scrollTop = el.scrollHeight
  }, [lines.length, log.partial])
  return (
    <Section id="models-log" title="Server Log">
      {error && (
        <p className="kiln-models-problem" data-testid="models-log-error">
          Could not read the log: {error}
        </p>
      )}
      <div
        className="kiln-models-log"
        ref={box}
        tabIndex={0}
        data-testid="models-log"
        data-lines={lines.length}
        onScroll={(e) => {
          const el = e.currentTarget
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_END_PX
        }}
      >
        {(log.dropped > 0 || log.truncated) && <div className="kiln-models-muted">Earlier lines are not shown.</div>}
        {lines.length === 0 ? (
          <div className="kiln-models-muted">{loaded ? 'The server has printed nothing yet.' : 'Reading the log…'}</div>
        ) : (
          lines.map((l, i) => (
            <div key={log.dropped + i} className={`kiln-models-log-line ${lineKind(l)}`}>
              {l || ' '}
            </div>
          ))
        )}
      </div>
    </Section>
  )
}
