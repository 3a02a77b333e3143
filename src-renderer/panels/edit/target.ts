// What a proposal replaces in the active editor: the selection widened to whole lines, or the file.
import type { editor } from 'monaco-editor/editor/editor.api'
import { activeCodeEditor } from '../../editor/editor-registry'
import { pathOfModel } from '../../editor/models'
import type { ReviewTarget } from './diff-review'

export type EditorTarget = ReviewTarget & { editor: editor.IStandaloneCodeEditor; model: editor.ITextModel; before: string; after: string }

/** Null when no file editor is active. `wholeFile` ignores the selection. */
export function activeTarget(wholeFile = false): EditorTarget | null {
  const ed = activeCodeEditor()
  const model = ed?.getModel() ?? null
  const path = model ? pathOfModel(model) : null
  if (!ed || !model || !path) return null
  const text = model.getValue()
  const sel = ed.getSelection()
  if (wholeFile || !sel || sel.isEmpty()) return { editor: ed, model, path, start: 0, end: text.length, original: text, versionId: model.getVersionId(), label: path, before: '', after: '' }
  // Whole lines: a proposal for half a line reads badly and diffs worse.
  const endLine = sel.endColumn === 1 && sel.endLineNumber > sel.startLineNumber ? sel.endLineNumber - 1 : sel.endLineNumber
  const start = model.getOffsetAt({ lineNumber: sel.startLineNumber, column: 1 })
  const end = endLine < model.getLineCount() ? model.getOffsetAt({ lineNumber: endLine + 1, column: 1 }) : text.length
  return {
    editor: ed,
    model,
    path,
    start,
    end,
    original: text.slice(start, end),
    versionId: model.getVersionId(),
    label: `${path}:${sel.startLineNumber}-${endLine}`,
    before: text.slice(0, start),
    after: text.slice(end),
  }
}
