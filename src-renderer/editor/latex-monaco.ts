// Julia input in Monaco: LaTeX/emoji Tab completion as in Julia's REPL, the symbol's `\name` on
// hover, and the Julia snippets.
//
// Why a keybinding with a context key rather than only a completion provider triggered by `\`:
// the REPL replaces an exact `\alpha` on Tab without showing anything, and otherwise Tab must keep
// its meaning (indent, next snippet tab stop, accept a suggestion). A `kiln.latexTab` context key,
// recomputed as the cursor moves, says what Tab would do here ('replace' | 'suggest' | ''); the Tab
// rule only applies when it is set, so every other Tab reaches Monaco's own bindings. Dynamic
// keybinding rules outrank the built-in ones, so an exact `\in` still becomes ∈ while the suggest
// widget (quick suggestions) happens to be open. When the name only prefixes others, Tab opens
// the suggest widget with the symbols, which the completion provider below supplies; the provider
// has no trigger character, so typing `\` alone does not pop a list of three thousand symbols.
import type { editor, IDisposable, languages, Position } from 'monaco-editor/editor/editor.api'
import type { Monaco } from './monaco'
import { backslashPrefix, resolveTab, typedByText, MAX_SUGGESTIONS } from './latex-input'
import { latexTableIfLoaded, loadLatexTable } from './latex-table'
import { registerJuliaSnippets } from './snippets-completion'

const CONTEXT_KEY = 'kiln.latexTab'
const COMMAND = 'kiln.latexTab'

function lineBeforeCursor(ed: editor.ICodeEditor): { model: editor.ITextModel; line: number; before: string } | null {
  const model = ed.getModel()
  const sel = ed.getSelection()
  if (!model || !sel || !sel.isEmpty() || model.getLanguageId() !== 'julia') return null
  const line = sel.positionLineNumber
  return { model, line, before: model.getLineContent(line).slice(0, sel.positionColumn - 1) }
}

/** Keeps the editor's `kiln.latexTab` key in step with the text before its cursor. */
function trackTabContext(ed: editor.ICodeEditor): void {
  // Every editor Monaco creates here is a standalone one (it can hold context keys).
  if (!('createContextKey' in ed)) return
  const key = (ed as editor.IStandaloneCodeEditor).createContextKey<string>(CONTEXT_KEY, '')
  const update = (): void => {
    const at = lineBeforeCursor(ed)
    if (!at || !backslashPrefix(at.before)) return key.set('')
    const table = latexTableIfLoaded()
    if (!table) {
      // Tab must not indent while the table is still loading: claim it, and decide once loaded.
      key.set('pending')
      loadLatexTable().then(update, () => key.set(''))
      return
    }
    const action = resolveTab(table, at.before)
    key.set(action.kind === 'none' ? '' : action.kind)
  }
  const subs: IDisposable[] = [ed.onDidChangeCursorPosition(update), ed.onDidChangeModel(update), ed.onDidChangeModelLanguage(update)]
  // Load the table soon after a Julia editor appears, so the first `\alpha<Tab>` never waits.
  setTimeout(() => void loadLatexTable(), 500)
  ed.onDidDispose(() => subs.forEach((s) => s.dispose()))
}

function runTab(ed: editor.ICodeEditor): void {
  const at = lineBeforeCursor(ed)
  const table = latexTableIfLoaded()
  if (at && !table) {
    // Still loading: act once it is here (a failed load leaves Tab its usual meaning).
    loadLatexTable().then(
      () => runTab(ed),
      () => ed.trigger('keyboard', 'tab', null),
    )
    return
  }
  const action = at && table ? resolveTab(table, at.before) : { kind: 'none' as const }
  if (!at || action.kind === 'none') {
    ed.trigger('keyboard', 'tab', null)
    return
  }
  if (action.kind === 'suggest') {
    ed.trigger('kiln', 'editor.action.triggerSuggest', {})
    return
  }
  ed.trigger('kiln', 'hideSuggestWidget', null)
  const col = at.before.length + 1
  ed.pushUndoStop()
  ed.executeEdits('kiln.latex', [{ range: { startLineNumber: at.line, startColumn: action.start + 1, endLineNumber: at.line, endColumn: col }, text: action.text }])
  ed.pushUndoStop()
}

function latexCompletions(monaco: Monaco): IDisposable {
  const kind = monaco.languages.CompletionItemKind.Text
  return monaco.languages.registerCompletionItemProvider('julia', {
    async provideCompletionItems(model: editor.ITextModel, position: Position): Promise<languages.CompletionList> {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1)
      const prefix = backslashPrefix(before)
      if (!prefix) return { suggestions: [] }
      const table = await loadLatexTable()
      const range = new monaco.Range(position.lineNumber, prefix.start + 1, position.lineNumber, position.column)
      const matches = table.withPrefix(prefix.text, MAX_SUGGESTIONS)
      return {
        incomplete: matches.length >= MAX_SUGGESTIONS,
        suggestions: matches.map(([name, symbol]) => ({
          label: { label: name, detail: `  ${symbol}` },
          kind,
          insertText: symbol,
          filterText: name,
          // Exact name first, then shorter names: \in before \infty.
          sortText: `${name === prefix.text ? 0 : 1}${String(name.length).padStart(3, '0')}${name}`,
          range,
        })),
      }
    },
  })
}

function latexHover(monaco: Monaco): IDisposable {
  return monaco.languages.registerHoverProvider('julia', {
    async provideHover(model: editor.ITextModel, position: Position): Promise<languages.Hover | null> {
      const line = model.getLineContent(position.lineNumber)
      const i = position.column - 1
      // The code point under the cursor (an astral symbol is two UTF-16 units).
      const start = i > 0 && /[\uDC00-\uDFFF]/.test(line[i] ?? '') ? i - 1 : i
      const ch = String.fromCodePoint(line.codePointAt(start) ?? 0)
      if (!line[start] || ch.charCodeAt(0) < 0x80) return null
      const text = typedByText(await loadLatexTable(), ch)
      if (!text) return null
      return {
        range: new monaco.Range(position.lineNumber, start + 1, position.lineNumber, start + 1 + ch.length),
        contents: [{ value: '`' + text.replace(/`/g, '') + '`' }],
      }
    },
  })
}

/** Registers LaTeX/emoji Tab completion, symbol hover and snippets for Julia editors. */
export function registerJuliaInput(monaco: Monaco): void {
  monaco.editor.onDidCreateEditor(trackTabContext)
  monaco.editor.registerCommand(COMMAND, () => {
    const ed = monaco.editor.getEditors().find((e) => e.hasTextFocus())
    if (ed) runTab(ed)
  })
  monaco.editor.addKeybindingRule({
    keybinding: monaco.KeyCode.Tab,
    command: COMMAND,
    when: `editorTextFocus && !editorReadonly && (${CONTEXT_KEY} == 'replace' || ${CONTEXT_KEY} == 'pending' || ${CONTEXT_KEY} == 'suggest' && !suggestWidgetVisible)`,
  })
  latexCompletions(monaco)
  latexHover(monaco)
  registerJuliaSnippets(monaco)
}
