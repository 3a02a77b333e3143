// Inline results in the editor: a decoration over the evaluated code with the result after its
// last line (` = 3`, a spinner while running, `✗ Error` on failure) and the full text in its
// hover; an error's Monaco marker (owner 'kiln-julia') at the failing line, its stack frames as
// related information. Both go when that code is edited or run again (rules in run-edits.ts).
import type { editor, IDisposable } from 'monaco-editor/editor/editor.api'
import type { StackFrame } from '../../src-preload/contract'
import type { Monaco } from './monaco'
import { getMonaco } from './monaco-loader'
import { uriFor } from './models'
import { touches, linesOverlap, type OffsetRange } from './run-edits'
import type { InlineResult } from './run-format'
import type { LineRange } from './run-cells'

export const MARKER_OWNER = 'kiln-julia'

interface Entry {
  decoration: string
  /** The code's offsets before the next edit (refreshed after each one). */
  offsets: OffsetRange
  marker: editor.IMarkerData | null
}

interface ModelResults {
  entries: Map<string, Entry>
  listener: IDisposable
}

const perModel = new Map<editor.ITextModel, ModelResults>()
let nextHandle = 1

/** A result shown in a model, to be updated when the evaluation answers. */
export interface ResultHandle {
  model: editor.ITextModel
  id: string
}

const offsetsOf = (model: editor.ITextModel, range: { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number }): OffsetRange => ({
  start: model.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn }),
  end: model.getOffsetAt({ lineNumber: range.endLineNumber, column: range.endColumn }),
})

function decorationOf(monaco: Monaco, result: InlineResult, range: editor.IModelDeltaDecoration['range']): editor.IModelDeltaDecoration {
  return {
    range,
    options: {
      stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      showIfCollapsed: true,
      className: result.kind === 'running' ? 'kiln-julia-running-code' : undefined,
      after: { content: result.inline, inlineClassName: `kiln-julia-inline kiln-julia-inline-${result.kind}` },
      hoverMessage: { value: result.hover, isTrusted: false, supportHtml: false },
    },
  }
}

function resultsOf(model: editor.ITextModel): ModelResults {
  let r = perModel.get(model)
  if (r) return r
  const entries = new Map<string, Entry>()
  const listener = model.onDidChangeContent((e) => {
    const stale = [...entries.entries()].filter(([, en]) => e.changes.some((c) => touches(en.offsets, c))).map(([id]) => id)
    for (const id of stale) remove(model, id)
    for (const en of entries.values()) {
      const range = model.getDecorationRange(en.decoration)
      if (range) en.offsets = offsetsOf(model, range)
    }
  })
  r = { entries, listener }
  perModel.set(model, r)
  model.onWillDispose(() => {
    listener.dispose()
    perModel.delete(model)
  })
  return r
}

function syncMarkers(monaco: Monaco, model: editor.ITextModel): void {
  const entries = perModel.get(model)?.entries
  const markers = entries ? [...entries.values()].flatMap((e) => (e.marker ? [e.marker] : [])) : []
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers)
}

function remove(model: editor.ITextModel, id: string, monaco?: Monaco): void {
  const r = perModel.get(model)
  const en = r?.entries.get(id)
  if (!r || !en) return
  r.entries.delete(id)
  model.deltaDecorations([en.decoration], [])
  const m = monaco ?? getMonaco()
  if (en.marker && m) syncMarkers(m, model)
}

/** Shows `result` over the lines; results it overlaps (the same code run before) are replaced. */
export function showResult(monaco: Monaco, model: editor.ITextModel, lines: LineRange, result: InlineResult): ResultHandle {
  const r = resultsOf(model)
  for (const [id, en] of [...r.entries]) {
    const range = model.getDecorationRange(en.decoration)
    if (range && linesOverlap({ startLine: range.startLineNumber, endLine: range.endLineNumber }, lines)) remove(model, id, monaco)
  }
  const range = new monaco.Range(lines.startLine, model.getLineFirstNonWhitespaceColumn(lines.startLine) || 1, lines.endLine, model.getLineMaxColumn(lines.endLine))
  const [decoration] = model.deltaDecorations([], [decorationOf(monaco, result, range)])
  const id = `r${nextHandle++}`
  r.entries.set(id, { decoration: decoration!, offsets: offsetsOf(model, range), marker: null })
  return { model, id }
}

/** Replaces a shown result (running → done); false when it was cleared meanwhile (the code was edited). */
export function updateResult(monaco: Monaco, handle: ResultHandle, result: InlineResult): boolean {
  const en = perModel.get(handle.model)?.entries.get(handle.id)
  const range = en && handle.model.getDecorationRange(en.decoration)
  if (!en || !range) return false
  const [decoration] = handle.model.deltaDecorations([en.decoration], [decorationOf(monaco, result, range)])
  en.decoration = decoration!
  return true
}

/** Marks the failing line of a shown result; the marker goes with the result. */
export function markError(
  monaco: Monaco,
  handle: ResultHandle,
  line: number,
  message: string,
  frames: readonly StackFrame[],
): void {
  const en = perModel.get(handle.model)?.entries.get(handle.id)
  if (!en) return
  const model = handle.model
  en.marker = {
    severity: monaco.MarkerSeverity.Error,
    source: 'Julia',
    message,
    startLineNumber: line,
    startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
    endLineNumber: line,
    endColumn: model.getLineMaxColumn(line),
    relatedInformation: frames
      .filter((f) => f.path !== null)
      .slice(0, 20)
      .map((f) => ({ resource: uriFor(monaco, f.path!).with({ fragment: `L${f.line}` }), message: `${f.func} at ${f.path}:${f.line}`, startLineNumber: f.line, startColumn: 1, endLineNumber: f.line, endColumn: 1 })),
  }
  syncMarkers(monaco, model)
}

/** Clears every inline result and Julia marker (in one model, or all). */
export function clearResults(monaco: Monaco, model?: editor.ITextModel): void {
  for (const [m, r] of [...perModel]) {
    if (model && m !== model) continue
    for (const id of [...r.entries.keys()]) remove(m, id, monaco)
    syncMarkers(monaco, m)
  }
}

/** The result at a line (for "clear current result"); null when none covers it. */
export function resultAt(model: editor.ITextModel, line: number): ResultHandle | null {
  for (const [id, en] of perModel.get(model)?.entries ?? []) {
    const range = model.getDecorationRange(en.decoration)
    if (range && range.startLineNumber <= line && line <= range.endLineNumber) return { model, id }
  }
  return null
}

export const clearResult = (monaco: Monaco, handle: ResultHandle): void => remove(handle.model, handle.id, monaco)
