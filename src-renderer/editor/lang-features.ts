// Julia language features in Monaco, answered by main's language service (a language server when
// one is ready, Kiln's workspace index otherwise): go to definition (F12, Ctrl+click), references
// (Shift+F12 peek), hover, completion, folding, Format Document (server only), and Ctrl+T "Go to Symbol in Workspace".
// F12/Ctrl+click and Shift+F12 (goToCommands), and the standalone references peek widget.
import 'monaco-editor/features/gotoSymbol/register'
import 'monaco-editor/features/referenceSearch/register'
import type { CancellationToken, editor, languages, Position } from 'monaco-editor/editor/editor.api'
import type { KilnApi, LangCompletion, SymbolLocation } from '../../src-preload/contract'
import { registerCommand } from '../commands'
import { callOrNotify } from '../notifications/call'
import { notify } from '../store/notifications'
import { hasWorkspace } from '../store/workspace'
import { CMD, KEYS } from '../workbench/keybindings'
import { juliaFoldingRanges } from './lang-folding'
import { openSymbolPicker } from './lang-symbol-picker'
import { ensurePreviewModels, pathOfUri, registerFileOpener, syncJuliaBuffers } from './lang-sync'
import { uriFor } from './models'
import type { Monaco } from './monaco'
import { analyze } from './syntax'

let registered = false

export function registerJuliaLanguageFeatures(monaco: Monaco, api: KilnApi): void {
  if (registered) return
  registered = true
  const toLocations = async (locs: SymbolLocation[]): Promise<languages.Location[]> => {
    await ensurePreviewModels(
      monaco,
      api,
      locs.map((l) => l.file),
    )
    return locs.map((l) => ({
      uri: uriFor(monaco, l.file),
      range: { startLineNumber: l.line, startColumn: l.column, endLineNumber: l.endLine, endColumn: l.endColumn },
    }))
  }
  const where = (model: editor.ITextModel, position: Position) => {
    const path = pathOfUri(model.uri)
    return path ? { path, line: position.lineNumber, column: position.column } : null
  }

  monaco.languages.registerDefinitionProvider('julia', {
    provideDefinition: async (model, position) => {
      const at = where(model, position)
      if (!at) return null
      const r = await api.call('lang:definition', at)
      return r.ok ? toLocations(r.value) : null
    },
  })

  monaco.languages.registerReferenceProvider('julia', {
    provideReferences: async (model, position, context) => {
      const at = where(model, position)
      if (!at) return null
      const r = await api.call('lang:references', { ...at, includeDeclaration: context.includeDeclaration })
      return r.ok ? toLocations(r.value) : null
    },
  })

  monaco.languages.registerHoverProvider('julia', {
    provideHover: async (model, position) => {
      const at = where(model, position)
      if (!at) return null
      const r = await api.call('lang:hover', at)
      if (!r.ok || !r.value) return null
      const word = model.getWordAtPosition(position)
      return {
        contents: [{ value: r.value.markdown }],
        range: word ? { startLineNumber: position.lineNumber, startColumn: word.startColumn, endLineNumber: position.lineNumber, endColumn: word.endColumn } : undefined,
      }
    },
  })

  const kinds = monaco.languages.CompletionItemKind
  const kindOf = (k: LangCompletion['kind']): languages.CompletionItemKind =>
    ({ module: kinds.Module, function: kinds.Function, macro: kinds.Operator, struct: kinds.Struct, abstract: kinds.Interface, const: kinds.Constant, primitive: kinds.TypeParameter, variable: kinds.Variable, keyword: kinds.Keyword, other: kinds.Text })[k]

  monaco.languages.registerCompletionItemProvider('julia', {
    triggerCharacters: ['@', '.'],
    provideCompletionItems: async (model, position, _context, token: CancellationToken) => {
      const at = where(model, position)
      const word = model.getWordUntilPosition(position)
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1)
      // `\alpha` belongs to the LaTeX completion; strings and comments get nothing from here.
      if (!at || before.endsWith('\\') || /(^|[^\\])#/.test(before.replace(/"[^"]*"/g, ''))) return { suggestions: [] }
      const r = await api.call('lang:completion', at)
      if (!r.ok || token.isCancellationRequested) return { suggestions: [] }
      const macroStart = before.endsWith('@') ? word.startColumn - 1 : word.startColumn
      return {
        suggestions: r.value.map((c) => ({
          label: c.label,
          kind: kindOf(c.kind),
          detail: c.detail,
          insertText: c.insertText,
          sortText: c.kind === 'keyword' ? `~${c.label}` : c.label,
          range: {
            startLineNumber: position.lineNumber,
            startColumn: c.insertText.startsWith('@') ? macroStart : word.startColumn,
            endLineNumber: position.lineNumber,
            endColumn: word.endColumn,
          },
        })),
      }
    },
  })

  monaco.languages.registerFoldingRangeProvider('julia', {
    provideFoldingRanges: async (model) => {
      const path = pathOfUri(model.uri)
      const report = path ? await analyze(path) : null
      const kind = (k: 'comment' | 'region' | undefined) =>
        k === 'comment' ? monaco.languages.FoldingRangeKind.Comment : k === 'region' ? monaco.languages.FoldingRangeKind.Region : undefined
      if (model.isDisposed()) return []
      return juliaFoldingRanges(model.getLinesContent(), report?.outline ?? []).map((f) => ({ start: f.start, end: f.end, kind: kind(f.kind) }))
    },
  })

  // Format Document: only a language server formats Julia; without one, say how to get one.
  monaco.languages.registerDocumentFormattingEditProvider('julia', {
    displayName: 'Julia language server',
    provideDocumentFormattingEdits: async (model) => {
      const path = pathOfUri(model.uri)
      if (!path) return []
      const r = await api.call('lang:format', { path })
      if (!r.ok) {
        notify(r.code === 'UNSUPPORTED' ? 'info' : 'error', r.message)
        return []
      }
      return r.value.map((e) => ({ range: { startLineNumber: e.line, startColumn: e.column, endLineNumber: e.endLine, endColumn: e.endColumn }, text: e.text }))
    },
  })

  registerFileOpener(monaco)
  syncJuliaBuffers(monaco, api)
  registerCommand({
    id: 'julia.restartLanguageServer',
    title: 'Julia: Restart Language Server',
    when: hasWorkspace,
    run: async () => void (await callOrNotify('lang:restartServer', {}, 'Restart the language server')),
  })
  registerCommand({
    id: CMD.showAllSymbols,
    title: 'Go to Symbol in Workspace…',
    keybinding: KEYS.showAllSymbols,
    when: hasWorkspace,
    run: () => openSymbolPicker(api),
  })
}
