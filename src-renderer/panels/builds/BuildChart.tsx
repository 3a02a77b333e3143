// The history chart: build time (line) and output size (dashed line) across the latest builds, each
// on its own scale, drawn as plain SVG. Failed builds show as red dots on the time line.
import type { BuildRecord } from '../../../src-preload/contract'
import { chartModel } from './chart-model'
import { formatBytes, formatElapsed } from './builds-format'
import { showBuild } from './builds-store'

const BOX = { width: 220, height: 64, pad: 6 }

export function BuildChart({ history }: { history: BuildRecord[] }) {
  const m = chartModel(history, BOX)
  if (m.points.length < 2) return null
  return (
    <figure className="kiln-builds-chart" data-testid="builds-chart" data-points={m.points.length}>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} width="100%" height={BOX.height} role="img" aria-label={`Build time and size across the last ${m.points.length} builds`}>
        <line x1={BOX.pad} x2={BOX.width - BOX.pad} y1={BOX.height - BOX.pad} y2={BOX.height - BOX.pad} className="axis" />
        <path d={m.sizePath} className="size" />
        <path d={m.timePath} className="time" />
        {m.points.map((p) => (
          <g key={p.id} className="point" onClick={() => showBuild(p.id)}>
            <title>{`${p.state}${p.wallMs !== null ? ` · ${formatElapsed(p.wallMs)}` : ''}${p.bytes !== null ? ` · ${formatBytes(p.bytes)}` : ''}`}</title>
            {p.yTime !== null && <circle cx={p.x} cy={p.yTime} r={2.6} className={`time ${p.state}`} />}
            {p.ySize !== null && <rect x={p.x - 2} y={p.ySize - 2} width={4} height={4} className="size" />}
          </g>
        ))}
      </svg>
      <figcaption>
        <span className="legend time">time (max {formatElapsed(m.maxMs)})</span>
        <span className="legend size">size (max {formatBytes(m.maxBytes)})</span>
      </figcaption>
    </figure>
  )
}
