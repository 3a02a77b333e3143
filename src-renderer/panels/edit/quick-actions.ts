// Quick actions on a selection or the diagnostic under the cursor, from the editor's context menu
// and the palette: Explain (to chat), Fix, Optimize for performance, Write tests, Make trimmable.
// The edits stream into the diff review like an inline edit.
import type { editor } from 'monaco-editor/editor/editor.api'
import type { AssistAction, ChatContextItem } from '../../../src-preload/contract'
import { ask } from '../chat/chat-store'
import type { Monaco } from '../../editor/monaco'
import { notify } from '../../store/notifications'
import { JULIAC_MARKER_OWNER } from '../builds/builds-markers'
import { openReview } from './diff-review'
import { sendInlineEdit } from './inline-edit'
import { activeTarget } from './target'

/** Explain goes to chat: the conversation shown there (or a new one) with the selection, or the file, as context. */
export async function explainSelection(): Promise<boolean> {
  const t = activeTarget()
  if (!t) {
    notify('info', 'Open a file and select the code to explain')
    return false
  }
  const lines = t.label.match(/:(\d+)-(\d+)$/)
  const item: ChatContextItem = {
    kind: lines ? 'selection' : 'file',
    label: t.label,
    path: t.path,
    range: lines ? { startLine: Number(lines[1]), endLine: Number(lines[2]) } : null,
    text: t.original,
  }
  return ask(`Explain ${item.label}: what it does and anything surprising in it.`, [item])
}

/** The markers on the cursor's line (or in the selection), nearest first, as words with frames. */
export function diagnosticAt(monaco: Monaco, ed: editor.IStandaloneCodeEditor, owner?: string): { text: string; line: number } | null {
  const model = ed.getModel()
  const sel = ed.getSelection()
  if (!model || !sel) return null
  const markers = monaco.editor
    .getModelMarkers({ resource: model.uri, owner })
    .filter((m) => m.severity >= monaco.MarkerSeverity.Warning && m.startLineNumber <= sel.endLineNumber && m.endLineNumber >= sel.startLineNumber)
  if (markers.length === 0) return null
  const text = markers
    .map((m) => {
      const frames = (m.relatedInformation ?? []).map((r) => `  at ${r.resource.path.split('/').pop() ?? ''}:${r.startLineNumber} ${r.message}`)
      return [`line ${m.startLineNumber}: ${m.message}${m.source ? ` (${m.source})` : ''}`, ...frames].join('\n')
    })
    .join('\n')
  return { text, line: markers[0]!.startLineNumber }
}

const INSTRUCTIONS: Record<Exclude<AssistAction, 'explain' | 'custom'>, string> = {
  fix: 'Fix the diagnostic.',
  optimize: 'Optimize for performance.',
  tests: 'Write tests for this code.',
  trimmable: 'Make this code trimmable for juliac --trim.',
}

/** Fix and Make trimmable need a diagnostic: with an empty selection they take its lines. */
export async function runQuickAction(monaco: Monaco, action: Exclude<AssistAction, 'explain' | 'custom'>): Promise<boolean> {
  const first = activeTarget()
  if (!first) return false
  let diagnostic: string | undefined
  if (action === 'fix' || action === 'trimmable') {
    const d = diagnosticAt(monaco, first.editor, action === 'trimmable' ? JULIAC_MARKER_OWNER : undefined)
    if (!d) {
      notify('info', action === 'trimmable' ? 'No juliac verifier error here: build with --trim, then try on a marked line' : 'No problem under the cursor to fix')
      return false
    }
    diagnostic = d.text
    if (first.editor.getSelection()?.isEmpty()) first.editor.setSelection({ startLineNumber: d.line, startColumn: 1, endLineNumber: d.line, endColumn: first.model.getLineMaxColumn(d.line) })
  }
  const t = activeTarget()
  if (!t) return false
  if (action === 'tests') {
    // Tests go after the code, replacing nothing: the review's original is the empty range there.
    openReview({ ...t, start: t.end, original: '', label: `tests for ${t.label}` }, 'streaming')
    await sendInlineEdit(INSTRUCTIONS.tests, { action, code: t.original })
    return true
  }
  openReview(t, 'streaming')
  await sendInlineEdit(INSTRUCTIONS[action], { action, diagnostic })
  return true
}
