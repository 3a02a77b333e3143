// `parseJuliacLog(text)`: a whole juliac log at once (the CLI, a finished build's saved log).
// Builds in progress use JuliacLogReader (reader.ts) on the stream instead.
import { JuliacLogReader } from './reader'
import type { JuliacLogTotals, RawDiagnostic } from './types'

export { JuliacLogReader }
export type { BuildPhase, JuliacLogTotals, RawDiagnostic, RawFrame, ReaderStep } from './types'

export function parseJuliacLog(text: string): { diagnostics: RawDiagnostic[]; errors: number; warnings: number; summary: string | null } {
  const reader = new JuliacLogReader()
  const diagnostics: RawDiagnostic[] = [...reader.push(text).diagnostics]
  const last: JuliacLogTotals = reader.end()
  diagnostics.push(...last.diagnostics)
  return { diagnostics, errors: last.errors, warnings: last.warnings, summary: last.summary }
}
