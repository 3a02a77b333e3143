// Kiln's processes (each child with its descendants summed): what holds the memory, most first.
import type { MonitorProcess } from '../../../src-preload/contract'
import { formatBytes, formatPercent, KIND_LABEL } from './monitor-format'
import { sortProcesses } from './monitor-series'

export function ProcessTable({ processes }: { processes: MonitorProcess[] }) {
  const rows = sortProcesses(processes)
  return (
    <section className="kiln-monitor-block" data-testid="monitor-processes">
      <h3>Kiln’s processes</h3>
      {rows.length === 0 ? (
        <p className="kiln-monitor-muted">No child processes right now: a REPL, terminal, build or model server shows up here.</p>
      ) : (
        <table className="kiln-monitor-table">
          <thead>
            <tr>
              <th className="name">Process</th>
              <th>PID</th>
              <th title="100% = one core">CPU</th>
              <th title="Resident memory (RSS)">RAM</th>
              <th title="GPU-mapped system memory (drm-memory-gtt)">GTT</th>
              <th title="Dedicated GPU memory (drm-memory-vram)">VRAM</th>
              <th title="Processes in the tree">Procs</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.pid} data-testid="monitor-process" data-kind={p.kind} data-pid={p.pid}>
                <td className="name" title={`${KIND_LABEL[p.kind]}: ${p.label}`}>
                  <span className={`kind ${p.kind}`}>{KIND_LABEL[p.kind]}</span>
                  {p.label !== KIND_LABEL[p.kind] && <span className="label">{p.label}</span>}
                </td>
                <td>{p.pid}</td>
                <td>{formatPercent(p.cpuPercent)}</td>
                <td>{formatBytes(p.rssBytes)}</td>
                <td>{p.gttBytes === null ? '—' : formatBytes(p.gttBytes)}</td>
                <td>{p.vramBytes === null ? '—' : formatBytes(p.vramBytes)}</td>
                <td>{p.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
