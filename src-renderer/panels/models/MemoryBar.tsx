// The memory estimate: per pool (GPU when layers are offloaded, RAM) a bar of weights | KV cache |
// compute against what is free, the numbers, and main's warning in amber or red.
import type { MemoryEstimate } from '../../../src-preload/contract'
import { estimateTone, formatBytes, formatTokens, memoryBars, type MemoryPart } from './models-format'
import { useModels } from './models-store'

const PART_LABEL: Record<MemoryPart, string> = { weights: 'weights', kv: 'KV cache', compute: 'compute' }

function Bars({ estimate }: { estimate: MemoryEstimate }) {
  return (
    <>
      {memoryBars(estimate).map((b) => (
        <div key={b.pool} className="kiln-models-membar-row" data-testid="models-membar" data-pool={b.pool} data-tone={b.tone}>
          <div className="kiln-models-membar-label">
            <span>{b.pool}</span>
            <span className={`kiln-models-membar-numbers ${b.tone}`}>
              {formatBytes(b.needed)} of {formatBytes(b.free)} free
            </span>
          </div>
          <div className={`kiln-models-membar ${b.tone}`} title={`${b.pool}: ${formatBytes(b.needed)} needed, ${formatBytes(b.free)} free`}>
            {b.segments.map((s) => (
              <div key={s.part} className={`seg ${s.part}`} style={{ width: `${(s.width * 100).toFixed(2)}%` }} title={`${PART_LABEL[s.part]}: ${formatBytes(s.bytes)}`} />
            ))}
            {b.freeAt < 1 && <div className="free-mark" style={{ left: `${(b.freeAt * 100).toFixed(2)}%` }} title="Free memory ends here" />}
          </div>
        </div>
      ))}
    </>
  )
}

export function MemoryBar() {
  const estimate = useModels((s) => s.estimate)
  const error = useModels((s) => s.estimateError)
  const estimating = useModels((s) => s.estimating)
  const hasModel = useModels((s) => s.selected !== null)
  const broken = useModels((s) => s.library?.models.find((m) => m.path === s.selected)?.error != null)
  if (!hasModel) return <p className="kiln-models-muted">Select a model to see how much memory it needs.</p>
  if (broken) return <p className="kiln-models-muted">No estimate: the file’s header could not be read.</p>
  if (error)
    return (
      <p className="kiln-models-problem" data-testid="models-estimate-error">
        No memory estimate: {error}
      </p>
    )
  if (!estimate) return <p className="kiln-models-muted">{estimating ? 'Estimating memory…' : 'No estimate yet.'}</p>
  const tone = estimateTone(estimate)
  return (
    <div className={`kiln-models-memory${estimating ? ' stale' : ''}`} data-testid="models-estimate" data-fits={estimate.fits} data-tone={tone}>
      <Bars estimate={estimate} />
      <div className="kiln-models-legend">
        <span>
          <i className="seg weights" />
          weights {formatBytes(estimate.weightsBytes)}
        </span>
        <span>
          <i className="seg kv" />
          KV cache {formatBytes(estimate.kvBytes)} ({formatTokens(estimate.context)} tokens)
        </span>
        <span>
          <i className="seg compute" />
          compute {formatBytes(estimate.computeBytes)}
        </span>
      </div>
      <div className="kiln-models-total" data-testid="models-estimate-total">
        Total {formatBytes(estimate.totalBytes)} · {estimate.fits ? 'fits' : 'will not fit'}
      </div>
      {estimate.warning && (
        <p className={`kiln-models-warning ${tone}`} data-testid="models-estimate-warning">
          {estimate.warning}
        </p>
      )}
    </div>
  )
}
