// The Tests view (a bottom panel tab, like VS Code's Test Results): Run / Cancel, progress while
// the package's tests run, the tree of test sets with pass/fail/error/broken counts, each failure
// with its message and a link that opens the file at the line, and the raw output.
import { useEffect, useRef, useState } from 'react'
import type { TestFailure, TestSetResult } from '../../../src-preload/contract'
import { openFile } from '../../editor/buffers'
import { failureTitle, headline, placeText, setStatus, type SetStatus } from './tests-model'
import { cancelTests, runTests, useTests, wireTests } from './tests-store'
import './tests.css'

const ICON: Record<SetStatus, { glyph: string; label: string }> = {
  passed: { glyph: '✓', label: 'passed' },
  failed: { glyph: '✗', label: 'failed' },
  broken: { glyph: '◐', label: 'passed with broken tests' },
}

function useElapsed(running: boolean, since: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(t)
  }, [running])
  return Math.max(0, now - since)
}

function Count({ n, kind }: { n: number; kind: 'pass' | 'fail' | 'error' | 'broken' }) {
  if (n === 0) return <span className="kiln-tests-count empty" />
  const title = { pass: 'passed', fail: 'failed', error: 'errored', broken: 'broken' }[kind]
  return (
    <span className={`kiln-tests-count ${kind}`} title={`${n} ${title}`} data-kind={kind}>
      {n}
    </span>
  )
}

function SetRow({ set }: { set: TestSetResult }) {
  const status = setStatus(set)
  const icon = ICON[status]
  return (
    <div className="kiln-tests-set" role="treeitem" aria-level={set.depth + 1} data-testid="tests-set" data-name={set.name} data-status={status}>
      <span className="kiln-tests-name" style={{ paddingLeft: 8 + set.depth * 16 }} title={set.name}>
        <span className={`kiln-tests-icon ${status}`} aria-label={icon.label}>
          {icon.glyph}
        </span>
        {set.name}
      </span>
      <Count n={set.pass} kind="pass" />
      <Count n={set.fail} kind="fail" />
      <Count n={set.error} kind="error" />
      <Count n={set.broken} kind="broken" />
      <span className="kiln-tests-total">{set.total}</span>
      <span className="kiln-tests-time">{set.timeS !== null ? `${set.timeS.toFixed(1)} s` : ''}</span>
    </div>
  )
}

function FailureRow({ failure }: { failure: TestFailure }) {
  const place = placeText(failure)
  const { path, line } = failure
  return (
    <li className="kiln-tests-failure" data-testid="tests-failure" data-kind={failure.kind}>
      <div className="kiln-tests-failure-head">
        <span className={`kiln-tests-icon ${failure.kind === 'fail' ? 'failed' : 'errored'}`}>{failure.kind === 'fail' ? '✗' : '!'}</span>
        <span className="kiln-tests-failure-title">{failureTitle(failure)}</span>
        {place &&
          (path ? (
            <button
              type="button"
              className="kiln-tests-link"
              data-testid="tests-failure-link"
              title={`Open ${place}`}
              onClick={() => void openFile(path, { line: line ?? undefined })}
            >
              {place}
            </button>
          ) : (
            <span className="kiln-tests-place" title="outside the open folder">
              {place}
            </span>
          ))}
      </div>
      {failure.message && <pre className="kiln-tests-message">{failure.message}</pre>}
    </li>
  )
}

function RawOutput({ running }: { running: boolean }) {
  const output = useTests((s) => s.output)
  const cut = useTests((s) => s.outputCut)
  const [open, setOpen] = useState(false)
  const pre = useRef<HTMLPreElement>(null)
  // Follow the end while running, unless the user scrolled up.
  useEffect(() => {
    const el = pre.current
    if (!el || !running) return
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 40) el.scrollTop = el.scrollHeight
  }, [output, running])
  return (
    <section className="kiln-tests-output">
      <button type="button" className="kiln-tests-section-toggle" aria-expanded={open} data-testid="tests-output-toggle" onClick={() => setOpen(!open)}>
        <span className={`kiln-tests-chevron${open ? ' open' : ''}`}>›</span>
        Output {output ? `(${output.split('\n').length - 1} lines${cut ? ', the last 1 MB' : ''})` : ''}
      </button>
      {open && (
        <pre className="kiln-tests-raw" ref={pre} data-testid="tests-output">
          {output || 'No output yet.'}
        </pre>
      )}
    </section>
  )
}

export function TestsView() {
  useEffect(wireTests, [])
  const report = useTests((s) => s.report)
  const starting = useTests((s) => s.starting)
  const error = useTests((s) => s.error)
  const startedAt = useTests((s) => s.startedAt)
  const running = starting || report?.state === 'running'
  const elapsed = useElapsed(running, startedAt)

  return (
    <div className="kiln-tests" data-testid="tests-view" data-state={starting ? 'starting' : (report?.state ?? 'idle')}>
      <header className="kiln-tests-toolbar">
        {running ? (
          <button type="button" className="kiln-button small secondary" data-testid="tests-cancel" disabled={!report || report.state !== 'running'} onClick={() => void cancelTests()}>
            Cancel
          </button>
        ) : (
          <button type="button" className="kiln-button small primary" data-testid="tests-run" onClick={() => void runTests()}>
            Run Tests
          </button>
        )}
        <span className={`kiln-tests-headline ${report?.state ?? ''}`} data-testid="tests-headline" role="status">
          {starting && !report?.state ? 'Starting…' : report ? headline(report, elapsed) : 'Runs the package’s tests (Pkg.test) and shows the results here.'}
        </span>
        {report && !running && <span className="kiln-tests-runner">{report.runner}</span>}
      </header>
      {running && <div className="kiln-progress-bar" role="progressbar" aria-label="Running tests" />}
      {error && !running && (
        <p className="kiln-tests-error" data-testid="tests-error">
          {error}
        </p>
      )}
      <div className="kiln-tests-body">
        {report && report.sets.length > 0 && (
          <div className="kiln-tests-tree" role="tree" aria-label="Test sets" data-testid="tests-tree">
            <div className="kiln-tests-set head" aria-hidden="true">
              <span className="kiln-tests-name">Test set</span>
              <span className="kiln-tests-count">Pass</span>
              <span className="kiln-tests-count">Fail</span>
              <span className="kiln-tests-count">Error</span>
              <span className="kiln-tests-count">Broken</span>
              <span className="kiln-tests-total">Total</span>
              <span className="kiln-tests-time">Time</span>
            </div>
            {report.sets.map((s, i) => (
              <SetRow key={`${i}:${s.name}`} set={s} />
            ))}
          </div>
        )}
        {report && report.failures.length > 0 && (
          <ul className="kiln-tests-failures" data-testid="tests-failures" aria-label="Failures">
            {report.failures.map((f, i) => (
              <FailureRow key={i} failure={f} />
            ))}
          </ul>
        )}
        {report && <RawOutput running={running} />}
      </div>
    </div>
  )
}
