// Running Julia code from the editor (VS Code Julia's keys): Shift+Enter runs the selection or the
// `##` cell (else the top-level block) and moves on; Alt+Enter the block; Ctrl+Enter the line (or
// selection) and moves to the next non-blank line; Run File the whole file. The REPL starts first
// when needed; the code runs as if from its file and line, so errors point into the file, and in
// the module around it (run-module.ts) or the one pinned for the file.
import type { editor } from 'monaco-editor/editor/editor.api'
import { api } from '../api'
import { ensureRepl } from '../panels/julia/julia-client'
import { noteModules, useJulia } from '../store/julia'
import { useOutline } from '../store/outline'
import { activeCodeEditor } from './editor-registry'
import { openFile } from './buffers'
import type { Monaco } from './monaco'
import { getMonaco } from './monaco-loader'
import { pathOfModel } from './models'
import { blockOrLineAt, cellOrBlockAt, hasCells, nextCellLine, nextCodeLine, type LineRange, type LineSource, type RunKind } from './run-cells'
import { errorHeadline, errorLine, formatOutcome, isInterrupt, RUNNING } from './run-format'
import { markError, showResult, updateResult } from './run-inline'
import { fallbackNote, fellBack, MAIN, moduleAt, modulesDefinedIn } from './run-module'

export type RunMode = 'cell' | 'block' | 'line' | 'file'

const sourceOf = (model: editor.ITextModel): LineSource => ({ lineCount: model.getLineCount(), line: (n) => model.getLineContent(n) })

/** The active editor when it shows a Julia file (palette commands run without the focus). */
export function activeJuliaEditor(): editor.IStandaloneCodeEditor | null {
  const ed = activeCodeEditor()
  return ed?.getModel()?.getLanguageId() === 'julia' ? ed : null
}

interface Plan {
  range: LineRange
  kind: RunKind
  /** Where the cursor goes after sending, or null to stay. */
  next: number | null
  code: string
  /** 1-based line of the code's first line in the file (for Julia's line numbers). */
  line: number
}

/** What a mode sends from the editor's current selection or cursor; null when there is nothing to run. */
export function planRun(model: editor.ITextModel, selection: { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number; isEmpty(): boolean }, mode: RunMode): Plan | null {
  const src = sourceOf(model)
  if (mode === 'file') {
    // The result goes after the last line with code, not on the blank lines closing the file.
    let endLine = model.getLineCount()
    while (endLine > 1 && src.line(endLine).trim() === '') endLine--
    return { range: { startLine: 1, endLine }, kind: 'file', next: null, code: model.getValue(), line: 1 }
  }
  if (!selection.isEmpty()) {
    // A selection ending at column 1 of a line does not take that line (as in VS Code).
    const endLine = selection.endColumn === 1 && selection.endLineNumber > selection.startLineNumber ? selection.endLineNumber - 1 : selection.endLineNumber
    const code = model.getValueInRange(selection)
    if (code.trim() === '') return null
    return { range: { startLine: selection.startLineNumber, endLine }, kind: 'selection', next: null, code, line: selection.startLineNumber }
  }
  const line = selection.startLineNumber
  const path = pathOfModel(model)
  const outline = (path && useOutline.getState().files[path]?.outline) || []
  const found =
    mode === 'line'
      ? src.line(line).trim() === ''
        ? null
        : { range: { startLine: line, endLine: line }, kind: 'line' as const }
      : mode === 'cell'
        ? cellOrBlockAt(src, line, outline)
        : blockOrLineAt(src, line, outline)
  if (!found) {
    // Nothing here (a blank line or an empty cell): still move on, like VS Code.
    const next = mode === 'cell' && hasCells(src) ? nextCellLine(src, line) : nextCodeLine(src, line)
    return next === null ? null : { range: { startLine: line, endLine: line }, kind: 'line', next, code: '', line }
  }
  const { range, kind } = found
  const next = kind === 'cell' ? nextCellLine(src, range.endLine) : nextCodeLine(src, range.endLine)
  const code = model.getValueInRange({ startLineNumber: range.startLine, startColumn: 1, endLineNumber: range.endLine, endColumn: model.getLineMaxColumn(range.endLine) })
  return { range, kind, next, code, line: range.startLine }
}

/**
 * The module code on `range` of the file runs in: the file's pinned module, else the module whose
 * body holds the range (from the outline), else Main.
 */
export function moduleForRange(path: string | null, range: LineRange): string {
  if (!path) return MAIN
  const pinned = useJulia.getState().modulePins[path]
  if (pinned) return pinned
  return moduleAt(useOutline.getState().files[path]?.outline ?? [], range)
}

/** Runs the code a mode picks in the active Julia editor. */
export async function runInEditor(mode: RunMode, ed: editor.IStandaloneCodeEditor | null = activeJuliaEditor()): Promise<void> {
  const monaco = getMonaco()
  const model = ed?.getModel()
  const selection = ed?.getSelection()
  if (!monaco || !ed || !model || !selection) return
  const plan = planRun(model, selection, mode)
  if (!plan) return
  if (plan.next !== null && mode !== 'file') {
    ed.setPosition({ lineNumber: plan.next, column: model.getLineFirstNonWhitespaceColumn(plan.next) || 1 })
    ed.revealLineInCenterIfOutsideViewport(plan.next)
  }
  if (plan.code.trim() === '') return
  await evaluate(monaco, model, plan)
}

async function evaluate(monaco: Monaco, model: editor.ITextModel, plan: Plan): Promise<void> {
  const handle = showResult(monaco, model, plan.range, RUNNING)
  if (!(await ensureRepl(false))) {
    const problem = useJulia.getState().status?.problem
    updateResult(
      monaco,
      handle,
      problem
        ? { kind: 'error', inline: ' ✗ Julia not found', hover: `${problem.message}.\n\nInstall it with:\n\n\`\`\`sh\n${problem.fix}\n\`\`\`` }
        : { kind: 'error', inline: ' ✗ Julia is not running', hover: 'Start Julia with **Julia: Start REPL** (Alt+J Alt+O).' },
    )
    return
  }
  const path = pathOfModel(model)
  const module = moduleForRange(path, plan.range)
  const r = await api.call('julia:eval', { code: plan.code, path, line: plan.line, module })
  if (model.isDisposed()) return
  if (!r.ok) {
    updateResult(monaco, handle, { kind: 'error', inline: ` ✗ ${r.message}`, hover: r.message })
    return
  }
  const outcome = r.value
  const result = formatOutcome(outcome)
  const fell = fellBack(module, outcome.module)
  if (fell) result.hover = `*${fallbackNote(module)}*\n\n${result.hover}`
  updateResult(monaco, handle, result)
  // What the run taught about modules, for the status bar: this one is not loaded, or (the code ran
  // where it belongs) the module blocks it held are defined now.
  const outline = (path && useOutline.getState().files[path]?.outline) || []
  noteModules(fell ? module : null, fell || !outcome.ok ? [] : [module, ...modulesDefinedIn(outline, plan.range)])
  if (outcome.error && !isInterrupt(outcome.error.type)) {
    const error = outcome.error
    const line = errorLine(error.frames, path, plan.line, model.getLineCount())
    markError(monaco, handle, line, errorHeadline(error.type, error.message), error.frames)
    useJulia.setState({ lastError: { error, path, line, at: Date.now() } })
  }
}

/** Opens stack-frame links (`file:///src/a.jl#L3`) from hovers and markers in Kiln's editor. */
export function registerFrameLinks(monaco: Monaco): void {
  monaco.editor.registerLinkOpener({
    open: (uri) => {
      const line = /^L(\d+)$/.exec(uri.fragment)?.[1]
      if (uri.scheme !== 'file' || !line) return false
      void openFile(uri.path.replace(/^\//, ''), { line: Number(line) })
      return true
    },
  })
}
