// The latest diagnostics per file, as the lang:diagnostics events carried them: what @problems
// reads. Fed from the event bus by the app; an empty list clears a file.
import type { LangDiagnostic } from '../../../src-preload/contract'

export class DiagnosticsMemo {
  private readonly byPath = new Map<string, readonly LangDiagnostic[]>()

  record(path: string, diagnostics: readonly LangDiagnostic[]): void {
    if (diagnostics.length === 0) this.byPath.delete(path)
    else this.byPath.set(path, diagnostics)
  }

  clear(): void {
    this.byPath.clear()
  }

  all(): { path: string; diagnostics: readonly LangDiagnostic[] }[] {
    return [...this.byPath].map(([path, diagnostics]) => ({ path, diagnostics }))
  }
}
