// A successful build's output: the tree with sizes and kinds, the size breakdown bar, what changed
// since the previous build; and beside it the ELF report, Run, and Ship.
import { useEffect, useState } from 'react'
import type { ArtifactReport, BuildRecord } from '../../../src-preload/contract'
import { api } from '../../api'
import { artifactTree, breakdownDelta, breakdownSegments, diffRows, KIND_LABEL } from './artifacts-model'
import { formatBytes, formatDelta } from './builds-format'
import { ElfReportView } from './ElfReportView'
import { RunForm } from './RunForm'
import { ShipSection } from './ShipSection'

function Breakdown({ report }: { report: ArtifactReport }) {
  const segs = breakdownSegments(report.sizes)
  return (
    <div className="kiln-builds-breakdown" data-testid="builds-breakdown">
      <div className="kiln-builds-bar" role="img" aria-label={segs.map((s) => `${s.label} ${formatBytes(s.bytes)}`).join(', ')}>
        {segs.map((s) => (
          <span key={s.key} className={`seg ${s.key}`} style={{ width: `${Math.max(s.share * 100, 0.8)}%` }} title={`${s.label}: ${formatBytes(s.bytes)} (${(s.share * 100).toFixed(1)}%)`} />
        ))}
      </div>
      <div className="kiln-builds-legend">
        {segs.map((s) => (
          <span key={s.key} data-testid="builds-breakdown-part" data-key={s.key}>
            <i className={`swatch ${s.key}`} />
            {s.label} {formatBytes(s.bytes)}
          </span>
        ))}
        <span className="total">total {formatBytes(report.sizes.total)}</span>
      </div>
    </div>
  )
}

function Diff({ report }: { report: ArtifactReport }) {
  if (!report.diff) return <p className="kiln-builds-muted">No earlier successful build to compare with.</p>
  const parts = breakdownDelta(report)
  const rows = diffRows(report)
  return (
    <div className="kiln-builds-diff" data-testid="builds-diff">
      <table>
        <thead>
          <tr>
            <th />
            <th className="num">previous</th>
            <th className="num">this build</th>
            <th className="num">change</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr key={p.label} className={p.label === 'Total' ? 'total' : ''}>
              <td>{p.label}</td>
              <td className="num">{formatBytes(p.before)}</td>
              <td className="num">{formatBytes(p.after)}</td>
              <td className={`num ${p.delta > 0 ? 'grew' : p.delta < 0 ? 'shrank' : ''}`} data-testid="builds-diff-delta" data-part={p.label}>
                {formatDelta(p.delta)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p className="kiln-builds-muted">Same files, same sizes.</p>
      ) : (
        <ul className="kiln-builds-diff-files">
          {rows.slice(0, 50).map((r) => (
            <li key={r.path} className={r.change} data-testid="builds-diff-file" data-change={r.change}>
              <span className="mark">{r.change === 'added' ? '+' : r.change === 'removed' ? '−' : '~'}</span>
              <span className="path">{r.path}</span>
              <span className={`num ${r.delta > 0 ? 'grew' : r.delta < 0 ? 'shrank' : ''}`}>{r.change === 'removed' ? 'removed' : formatDelta(r.delta)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function ArtifactsView({ build }: { build: BuildRecord | null }) {
  const [report, setReport] = useState<ArtifactReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const id = build?.state === 'succeeded' ? build.id : null
  useEffect(() => {
    let live = true
    setReport(null)
    setError(null)
    if (id) void api.call('juliac:artifacts', { buildId: id }).then((r) => live && (r.ok ? setReport(r.value) : setError(r.message)))
    return () => void (live = false)
  }, [id])
  if (!build) return <p className="kiln-builds-muted pad">No build yet.</p>
  if (!id) return <p className="kiln-builds-muted pad">{build.state === 'running' ? 'The output appears when the build succeeds.' : 'This build produced no output. Artifacts come from a successful build.'}</p>
  return (
    <div className="kiln-builds-artifacts" data-testid="builds-artifacts">
      <div className="col">
        <div className="kiln-builds-subtitle">Output {report ? <span className="mono">{report.root}/</span> : null}</div>
        {error && <p className="kiln-builds-problem">Could not list the output: {error}</p>}
        {report && (
          <>
            <Breakdown report={report} />
            <ul className="kiln-builds-tree" data-testid="builds-tree">
              {artifactTree(report.entries).map((row) => (
                <li key={row.path} data-testid="builds-tree-row" data-path={row.path} data-kind={row.kind} style={{ paddingLeft: 4 + row.depth * 14 }}>
                  <span className={`name ${row.kind}`}>
                    {row.name}
                    {row.kind === 'dir' ? '/' : ''}
                  </span>
                  <span className="kind">{KIND_LABEL[row.kind]}</span>
                  <span className="num">{formatBytes(row.size)}</span>
                </li>
              ))}
            </ul>
            <div className="kiln-builds-subtitle">Since the previous build</div>
            <Diff report={report} />
          </>
        )}
      </div>
      <div className="col">
        {build.artifact && (
          <>
            <div className="kiln-builds-subtitle">
              ELF report <span className="mono">{build.artifact}</span>
            </div>
            <ElfReportView path={build.artifact} />
            <div className="kiln-builds-subtitle">Run</div>
            <RunForm buildId={build.id} />
          </>
        )}
        <div className="kiln-builds-subtitle">Ship</div>
        <ShipSection buildId={build.id} config={build.config} />
      </div>
    </div>
  )
}
