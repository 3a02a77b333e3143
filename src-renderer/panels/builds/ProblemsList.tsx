// The build's problems: each verifier error or warning with its index and message, and its stack
// frames as links that open the file at the line (frames outside the workspace are plain text).
import type { BuildRecord } from '../../../src-preload/contract'
import { openFile } from '../../editor/buffers'
import { diagnosticTitle, frameText, isWorkspaceFrame, markerFrame } from './diagnostics-model'
import { plural } from './builds-format'

export function ProblemsList({ build }: { build: BuildRecord | null }) {
  if (!build) return <p className="kiln-builds-muted pad">No build yet.</p>
  const ds = build.diagnostics
  if (ds.length === 0)
    return <p className="kiln-builds-muted pad" data-testid="builds-no-problems">{build.state === 'running' ? 'No problems so far.' : 'No problems in this build.'}</p>
  return (
    <div className="kiln-builds-problems" data-testid="builds-problems">
      <div className="kiln-builds-problems-summary">
        {plural(build.errors, 'error')}, {plural(build.warnings, 'warning')}
      </div>
      <ul>
        {ds.map((d, i) => {
          const at = markerFrame(d)
          return (
            <li key={i} className={`kiln-builds-problem-item ${d.severity}`} data-testid="builds-problem" data-severity={d.severity} data-index={d.index ?? ''}>
              <div className="kiln-builds-problem-head">
                <span className={`icon ${d.severity}`}>{d.severity === 'error' ? '✗' : '!'}</span>
                <span className="title">{diagnosticTitle(d)}</span>
                {at && (
                  <button type="button" className="kiln-builds-link place" data-testid="builds-problem-place" onClick={() => void openFile(at.path, { line: at.line ?? undefined })}>
                    {at.path}
                    {at.line !== null ? `:${at.line}` : ''}
                  </button>
                )}
              </div>
              {d.frames.length > 0 && (
                <ol className="kiln-builds-frames">
                  {d.frames.map((f, j) => (
                    <li key={j}>
                      {isWorkspaceFrame(f) ? (
                        <button type="button" className="kiln-builds-link" data-testid="builds-frame" data-path={f.path} data-line={f.line ?? ''} onClick={() => void openFile(f.path, { line: f.line ?? undefined })}>
                          {frameText(f)}
                        </button>
                      ) : (
                        <span className="kiln-builds-frame-plain" title="Outside the workspace">
                          {frameText(f)}
                        </span>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
