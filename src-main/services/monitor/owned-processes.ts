// Which of Kiln's children is which, by the pids the services hold: the monitor's process table
// names them from this, and falls back to the command line for anything else in the tree.
import type { MonitorProcessKind, TerminalInfo } from '../../../src-preload/contract'

export type ProcessLabel = { kind: MonitorProcessKind; label: string }

export type PidSources = {
  terminals: () => TerminalInfo[]
  inference: () => number | null
  build: () => number | null
  tests: () => number | null
  languageServer: () => number | null
}

export function ownedProcessLabels(s: PidSources): Map<number, ProcessLabel> {
  const labels = new Map<number, ProcessLabel>()
  for (const t of s.terminals()) {
    if (t.pid <= 0) continue
    labels.set(t.pid, t.kind === 'julia' ? { kind: 'julia', label: 'Julia REPL' } : { kind: 'terminal', label: `Terminal: ${t.title}` })
  }
  const one = (pid: number | null, label: ProcessLabel): void => {
    if (pid !== null && pid > 0) labels.set(pid, label)
  }
  one(s.inference(), { kind: 'inference', label: 'Model server' })
  one(s.build(), { kind: 'juliac', label: 'juliac build' })
  one(s.tests(), { kind: 'tests', label: 'Julia tests' })
  one(s.languageServer(), { kind: 'language-server', label: 'Language server' })
  return labels
}
