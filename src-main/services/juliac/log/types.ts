// What the log parser produces. Frames carry the file exactly as juliac printed it; the build
// service resolves them against the workspace (JuliacFrame.path in the contract).
import type { BuildPhase } from '../../../../src-preload/contract'

export type { BuildPhase }
export type RawFrame = { func: string; file: string; line: number | null }
export type RawDiagnostic = {
  severity: 'error' | 'warning'
  /** The N of `Verifier error #N` / `Error #N`; null for `ERROR:`, `fatal:` and signals. */
  index: number | null
  message: string
  frames: RawFrame[]
}
export type JuliacLogTotals = {
  diagnostics: RawDiagnostic[]
  /** The summary's counts when juliac printed one (it may list fewer than it counts), else counted. */
  errors: number
  warnings: number
  /** The summary line(s) as printed, or null. */
  summary: string | null
}
export type ReaderStep = { phase?: BuildPhase; diagnostics: RawDiagnostic[] }
