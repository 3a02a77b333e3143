// Run a build's artifact inside limits (juliac:run): arguments, a time limit, a memory limit and
// network on or off; then its exit, wall time, peak memory, output, and the isolation applied.
import { useState, type FormEvent } from 'react'
import type { RunResult } from '../../../src-preload/contract'
import { api } from '../../api'
import { splitArgs } from './config-form'
import { formatBytes, formatElapsed } from './builds-format'

export function RunForm({ buildId }: { buildId: string }) {
  const [args, setArgs] = useState('')
  const [timeoutS, setTimeoutS] = useState(30)
  const [memoryMb, setMemoryMb] = useState(2048)
  const [network, setNetwork] = useState(false)
  const [running, setRunning] = useState(false)
  const [result, setResult] = useState<RunResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const parsed = splitArgs(args)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (parsed.error) return
    setRunning(true)
    setError(null)
    const r = await api.call('juliac:run', { buildId, args: parsed.args, timeoutS, memoryMb, network })
    setRunning(false)
    if (r.ok) setResult(r.value)
    else setError(r.message)
  }
  const exit = result ? (result.timedOut ? `killed: over the ${timeoutS} s limit` : result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode}`) : ''
  return (
    <div className="kiln-builds-run" data-testid="builds-run">
      <form className="kiln-builds-run-form" noValidate onSubmit={(e) => void submit(e)}>
        <input className="kiln-input args" data-testid="builds-run-args" placeholder="Arguments, e.g. world --verbose" aria-label="Arguments" spellCheck={false} value={args} onChange={(e) => setArgs(e.target.value)} aria-invalid={parsed.error !== null} />
        <label title="Time limit (seconds)">
          <span>time</span>
          <input className="kiln-input num" type="number" min={1} max={3600} data-testid="builds-run-timeout" value={timeoutS} onChange={(e) => setTimeoutS(Math.max(1, Number(e.target.value) || 1))} />s
        </label>
        <label title="Memory limit (MB)">
          <span>memory</span>
          <input className="kiln-input num" type="number" min={16} data-testid="builds-run-memory" value={memoryMb} onChange={(e) => setMemoryMb(Math.max(16, Math.round(Number(e.target.value) || 16)))} />
          MB
        </label>
        <label className="kiln-builds-check" title="Allow network access">
          <input type="checkbox" data-testid="builds-run-network" checked={network} onChange={(e) => setNetwork(e.target.checked)} />
          network
        </label>
        <button type="submit" className="kiln-button primary small" data-testid="builds-run-button" disabled={running || parsed.error !== null}>
          {running ? 'Running…' : 'Run'}
        </button>
      </form>
      {parsed.error && <div className="kiln-builds-field-error">Arguments: {parsed.error}</div>}
      {error && <p className="kiln-builds-problem" data-testid="builds-run-error">{error}</p>}
      {result && (
        <div className="kiln-builds-run-result" data-testid="builds-run-result" data-exit={result.exitCode ?? ''}>
          <div className="kiln-builds-run-facts">
            <span className={result.exitCode === 0 ? 'kiln-builds-good' : 'kiln-builds-bad'} data-testid="builds-run-exit">
              {exit}
            </span>
            <span>{formatElapsed(result.wallMs)}</span>
            <span>peak {formatBytes(result.peakRssBytes)}</span>
            {result.truncated && <span className="kiln-builds-muted">output cut</span>}
          </div>
          <ul className="kiln-builds-isolation" data-testid="builds-run-isolation" aria-label="Isolation applied">
            {result.isolation.length ? result.isolation.map((i) => <li key={i}>{i}</li>) : <li>no isolation</li>}
          </ul>
          <div className="kiln-builds-subtitle">stdout</div>
          <pre className="kiln-builds-output" data-testid="builds-run-stdout">{result.stdout || '(empty)'}</pre>
          {result.stderr && (
            <>
              <div className="kiln-builds-subtitle">stderr</div>
              <pre className="kiln-builds-output err" data-testid="builds-run-stderr">{result.stderr}</pre>
            </>
          )}
        </div>
      )}
    </div>
  )
}
