// The conflict bar's Compare: what is on disk (removed lines) against the buffer (added lines).
import { useEffect, useState } from 'react'
import { api } from '../api'
import { diffLines, withContext, type DiffLine } from './line-diff'
import { getModel } from './models'

export function CompareView({ path, onClose }: { path: string; onClose(): void }) {
  const [lines, setLines] = useState<(DiffLine | null)[] | 'loading' | 'too-large' | string>('loading')
  useEffect(() => {
    let live = true
    void api.call('workspace:read', { path }).then((r) => {
      if (!live) return
      const model = getModel(path)
      if (!r.ok) return setLines(r.message)
      if (!model) return setLines('The buffer is closed.')
      const d = diffLines(r.value.content, model.getValue())
      setLines(d ? withContext(d) : 'too-large')
    })
    return () => {
      live = false
    }
  }, [path])
  return (
    <div className="kiln-compare" data-testid="editor-compare">
      <div className="kiln-compare-header">
        <span>
          <span className="kiln-compare-removed">− on disk</span> <span className="kiln-compare-added">+ your changes</span>
        </span>
        <button type="button" className="kiln-button secondary small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="kiln-compare-body">
        {lines === 'loading' ? (
          <p>Reading the file on disk…</p>
        ) : lines === 'too-large' ? (
          <p>The change is too large to compare here.</p>
        ) : typeof lines === 'string' ? (
          <p>{lines}</p>
        ) : lines.length === 0 ? (
          <p>No differences.</p>
        ) : (
          <pre>
            {lines.map((l, i) =>
              l === null ? (
                <div key={i} className="kiln-compare-gap">
                  ⋯
                </div>
              ) : (
                <div key={i} className={`kiln-compare-line ${l.kind}`}>
                  <span className="kiln-compare-sign">{l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}</span>
                  {l.text}
                </div>
              ),
            )}
          </pre>
        )}
      </div>
    </div>
  )
}
