// Julia snippets as Monaco completion items (snippet kind, inserted as snippets so Tab walks the
// placeholders). The replaced range takes in an `@` typed before the word, so `@test` → `@testset`
// does not double the `@`.
import type { Monaco } from './monaco'
import type { editor, languages, Position } from 'monaco-editor/editor/editor.api'
import { JULIA_SNIPPETS } from './snippets'

/** Start column of the token to replace: the word at the cursor, plus an `@` right before it. */
export function snippetTokenStart(lineBefore: string): number {
  const word = /[\p{L}\p{N}_!]*$/u.exec(lineBefore)?.[0] ?? ''
  let start = lineBefore.length - word.length
  if (start > 0 && lineBefore[start - 1] === '@') start--
  return start
}

export function registerJuliaSnippets(monaco: Monaco) {
  const kind = monaco.languages.CompletionItemKind.Snippet
  const asSnippet = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet
  return monaco.languages.registerCompletionItemProvider('julia', {
    provideCompletionItems(model: editor.ITextModel, position: Position): languages.CompletionList {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1)
      // No snippets after a backslash: that is LaTeX input (latex-monaco.ts).
      if (/\\[^\s"'`]*$/.test(before)) return { suggestions: [] }
      const start = snippetTokenStart(before)
      const typedAt = before[start] === '@'
      const range = new monaco.Range(position.lineNumber, start + 1, position.lineNumber, position.column)
      return {
        suggestions: JULIA_SNIPPETS.map((s) => ({
          label: { label: s.prefix, description: s.description },
          kind,
          detail: s.description,
          documentation: { value: '```julia\n' + s.body.replace(/\$\{\d+:([^}]*)\}|\$\d+/g, '$1') + '\n```' },
          insertText: s.body,
          insertTextRules: asSnippet,
          filterText: typedAt ? s.prefix : s.prefix.replace(/^@/, ''),
          sortText: `~${s.prefix}`,
          range,
        })),
      }
    },
  })
}
