// The Tests view's state: the last (or current) run's report and raw output, from the
// julia:testReport / julia:testOutput events; and the actions behind its buttons and commands.
import { create } from 'zustand'
import type { TestReport } from '../../../src-preload/contract'
import { api } from '../../api'
import { notifyError } from '../../notifications/call'

/** The raw output kept for the view: the last 1 MB (a long suite's log is in the REPL's terms huge). */
const MAX_OUTPUT = 1024 * 1024

interface TestsState {
  report: TestReport | null
  output: string
  /** Output was cut at the front. */
  outputCut: boolean
  /** When this page saw the run start (for the elapsed time while running). */
  startedAt: number
  /** A run was asked for and has not answered yet. */
  starting: boolean
  /** Why the last run could not start. */
  error: string | null
}

export const useTests = create<TestsState>()(() => ({ report: null, output: '', outputCut: false, startedAt: 0, starting: false, error: null }))

export const isTestRunning = (): boolean => useTests.getState().report?.state === 'running' || useTests.getState().starting

function onReport(report: TestReport): void {
  const s = useTests.getState()
  // A new run (from this page or another window) replaces the last one.
  if (s.report?.runId !== report.runId) useTests.setState({ report, output: '', outputCut: false, startedAt: Date.now(), error: null })
  else useTests.setState({ report })
}

function onOutput({ runId, data }: { runId: string; data: string }): void {
  const s = useTests.getState()
  if (s.report && s.report.runId !== runId) return
  const all = s.output + data
  useTests.setState(all.length > MAX_OUTPUT ? { output: all.slice(all.length - MAX_OUTPUT), outputCut: true } : { output: all })
}

let wired = false

/** Subscribes to the test events; once per page. */
export function wireTests(): void {
  if (wired) return
  wired = true
  api.on('julia:testReport', onReport)
  api.on('julia:testOutput', onOutput)
}

export async function runTests(): Promise<void> {
  wireTests()
  if (isTestRunning()) return
  useTests.setState({ starting: true, error: null })
  const r = await api.call('julia:testRun', {})
  useTests.setState({ starting: false })
  if (!r.ok) {
    useTests.setState({ error: r.message })
    notifyError(r, 'Run Tests')
  }
}

export async function cancelTests(): Promise<void> {
  const report = useTests.getState().report
  if (report?.state !== 'running') return
  const r = await api.call('julia:testCancel', { runId: report.runId })
  if (!r.ok) notifyError(r, 'Cancel Tests')
}
