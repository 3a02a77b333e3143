// What the language service needs from a language server (LanguageServer.jl, JETLS) once one is
// running. Every method answers null when the server cannot answer now (absent, starting, still
// indexing, timed out, crashed); the language service then answers from Kiln's own index.
import type {
  LangCompletion,
  LangDiagnostic,
  LangHover,
  LangStatus,
  LangTextEdit,
  SymbolLocation,
  WorkspaceSymbol,
} from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'

/** Positions are 1-based lines and columns (UTF-16 units), paths workspace-relative. */
export interface LanguageServerPort extends Disposable {
  status(): LangStatus['server']
  onStatus(listener: (status: LangStatus['server']) => void): Disposable
  onDiagnostics(listener: (path: string, diagnostics: LangDiagnostic[]) => void): Disposable
  workspaceSymbols(query: string): Promise<WorkspaceSymbol[] | null>
  definition(path: string, line: number, column: number): Promise<SymbolLocation[] | null>
  references(path: string, line: number, column: number, includeDeclaration: boolean): Promise<SymbolLocation[] | null>
  hover(path: string, line: number, column: number): Promise<LangHover | null>
  completion(path: string, line: number, column: number): Promise<LangCompletion[] | null>
  format(path: string, content: string): Promise<LangTextEdit[] | null>
  didOpen(path: string, content: string, version: number): void
  didChange(path: string, content: string, version: number): void
  didClose(path: string): void
}
