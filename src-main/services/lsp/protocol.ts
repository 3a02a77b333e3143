// The slice of LSP 3.17 Kiln speaks (https://microsoft.github.io/language-server-protocol/
// specifications/lsp/3.17/specification/): the shapes of what servers send back, and what Kiln
// tells a server it can do. Everything a server sends is still checked where it is read
// (convert.ts), since these types only describe what a well-behaved server sends.

export type Position = { line: number; character: number }
export type Range = { start: Position; end: Position }
export type Location = { uri: string; range: Range }
export type LocationLink = { originSelectionRange?: Range; targetUri: string; targetRange: Range; targetSelectionRange: Range }
export type TextEdit = { range: Range; newText: string }
export type MarkupContent = { kind: 'plaintext' | 'markdown'; value: string }
export type MarkedString = string | { language: string; value: string }
export type Hover = { contents: MarkupContent | MarkedString | MarkedString[]; range?: Range }
export type Diagnostic = { range: Range; severity?: number; code?: number | string; source?: string; message: string }
export type PublishDiagnosticsParams = { uri: string; version?: number; diagnostics: Diagnostic[] }
export type CompletionItem = {
  label: string
  kind?: number
  detail?: string
  labelDetails?: { detail?: string; description?: string }
  insertText?: string
  insertTextFormat?: number
  textEdit?: TextEdit | { newText: string; insert: Range; replace: Range }
}
export type CompletionList = { isIncomplete: boolean; items: CompletionItem[] }
export type SymbolInformation = { name: string; kind: number; location: Location | { uri: string }; containerName?: string }
export type WorkDoneProgress =
  | { kind: 'begin'; title: string; message?: string; percentage?: number; cancellable?: boolean }
  | { kind: 'report'; message?: string; percentage?: number }
  | { kind: 'end'; message?: string }
export type ProgressParams = { token: number | string; value: unknown }
export type ConfigurationParams = { items: { scopeUri?: string; section?: string }[] }

/** DiagnosticSeverity (3.17). */
export const DiagnosticSeverity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const
/** InsertTextFormat (3.17). */
export const InsertTextFormat = { PlainText: 1, Snippet: 2 } as const
/** CompletionItemKind (3.17), by name, for the mapping to Kiln's kinds. */
export const CompletionItemKind = {
  Text: 1, Method: 2, Function: 3, Constructor: 4, Field: 5, Variable: 6, Class: 7, Interface: 8, Module: 9, Property: 10,
  Unit: 11, Value: 12, Enum: 13, Keyword: 14, Snippet: 15, Color: 16, File: 17, Reference: 18, Folder: 19, EnumMember: 20,
  Constant: 21, Struct: 22, Event: 23, Operator: 24, TypeParameter: 25,
} as const
/** SymbolKind (3.17). */
export const SymbolKind = {
  File: 1, Module: 2, Namespace: 3, Package: 4, Class: 5, Method: 6, Property: 7, Field: 8, Constructor: 9, Enum: 10,
  Interface: 11, Function: 12, Variable: 13, Constant: 14, String: 15, Number: 16, Boolean: 17, Array: 18, Object: 19,
  Key: 20, Null: 21, EnumMember: 22, Struct: 23, Event: 24, Operator: 25, TypeParameter: 26,
} as const

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

/**
 * What Kiln can do with a server's answers (InitializeParams.capabilities). Snippets are off so
 * completions come back as plain text; positions are UTF-16, which is also what Monaco counts.
 */
export const clientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  window: { workDoneProgress: true, showMessage: {} },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: false },
    symbol: { dynamicRegistration: false, symbolKind: { valueSet: range(26) } },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: false, willSaveWaitUntil: false, didSave: false },
    hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
    definition: { dynamicRegistration: false, linkSupport: true },
    references: { dynamicRegistration: false },
    completion: {
      dynamicRegistration: false,
      completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true },
      completionItemKind: { valueSet: range(25) },
    },
    formatting: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: false, versionSupport: true },
  },
} as const
