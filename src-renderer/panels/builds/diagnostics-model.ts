// Diagnostics -> where they show in the editor: each at its deepest frame inside the workspace
// (the innermost frame that is the user's code), as Monaco marker data grouped by file. Pure.
import type { JuliacDiagnostic, JuliacFrame } from '../../../src-preload/contract'

/** Monaco's MarkerSeverity values, mirrored so this loads without Monaco. */
const SEVERITY = { error: 8, warning: 4 } as const

/**
 * Julia prints a stack innermost first, so the first frame with a workspace path is the deepest
 * one in the user's code: where the unresolved call is written (or reached from).
 */
export function markerFrame(d: JuliacDiagnostic): (JuliacFrame & { path: string }) | null {
  return d.frames.find(isWorkspaceFrame) ?? null
}

/**
 * A frame in the user's code. Julia prints Base's own files bare or dot-relative (`@ Base
 * version.jl:126`, `./error.jl`) and everything else with its folder (absolute, `~/…`, `C:\…`), so
 * a bare name is Base's even when a file of that name happens to resolve inside the workspace.
 */
export function isWorkspaceFrame(f: JuliacFrame): f is JuliacFrame & { path: string } {
  if (f.path === null || f.path === '') return false
  const file = f.file.replace(/\\/g, '/')
  return file.includes('/') && !file.startsWith('./')
}

export interface BuildMarker {
  severity: number
  message: string
  source: string
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
  /** Index of the diagnostic in the build's list (for the Problems view). */
  diagnostic: number
}

/** `Verifier error #3: …` for the trim verifier's numbered problems; other errors (juliac's own) as they are. */
export const diagnosticTitle = (d: JuliacDiagnostic): string =>
  d.index !== null ? `Verifier ${d.severity === 'error' ? 'error' : 'warning'} #${d.index}: ${d.message}` : d.message

/** Markers per workspace path; a diagnostic with no workspace frame shows only in the Problems list. */
export function markersByPath(diagnostics: readonly JuliacDiagnostic[]): Map<string, BuildMarker[]> {
  const out = new Map<string, BuildMarker[]>()
  diagnostics.forEach((d, i) => {
    const f = markerFrame(d)
    if (!f) return
    const line = f.line !== null && f.line >= 1 ? f.line : 1
    const list = out.get(f.path) ?? []
    // Columns are unknown: the whole line, which Monaco clamps to its length.
    list.push({ severity: SEVERITY[d.severity], message: diagnosticTitle(d), source: 'juliac', startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 10_000, diagnostic: i })
    out.set(f.path, list)
  })
  return out
}

/** `func at file:line` as the Problems list shows a frame. */
export const frameText = (f: JuliacFrame): string => `${f.func || '(top level)'} at ${f.path ?? f.file}${f.line !== null ? `:${f.line}` : ''}`
