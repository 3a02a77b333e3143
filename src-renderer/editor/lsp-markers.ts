// A language server's diagnostics -> Monaco markers. Pure (Monaco's MarkerSeverity values are
// mirrored as numbers), so it loads without Monaco and in unit tests.
import type { LangDiagnostic } from '../../src-preload/contract'
import type { MarkerLike } from './symbols'

/** monaco.MarkerSeverity */
export const MarkerSeverity = { Hint: 1, Info: 2, Warning: 4, Error: 8 } as const

const SEVERITY: Record<LangDiagnostic['severity'], number> = {
  error: MarkerSeverity.Error,
  warning: MarkerSeverity.Warning,
  info: MarkerSeverity.Info,
  hint: MarkerSeverity.Hint,
}

export function toLspMarkers(diagnostics: LangDiagnostic[]): MarkerLike[] {
  return diagnostics.map((d) => {
    // An empty range would draw nothing; widen it to one character, as for syntax errors.
    const empty = d.endLine < d.line || (d.endLine === d.line && d.endColumn <= d.column)
    return {
      severity: SEVERITY[d.severity],
      message: d.message,
      source: d.source,
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: empty ? d.line : d.endLine,
      endColumn: empty ? d.column + 1 : d.endColumn,
    }
  })
}
