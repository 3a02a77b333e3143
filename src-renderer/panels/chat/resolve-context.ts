// Turns a chosen @-mention into a context item through chat:context: a file (with its unsaved text
// when the buffer is dirty), the active editor's selection, or what main knows (repl, problems,
// build), or what the active terminal shows. Answers the error in words when it cannot.
import type { ChatContextItem, ChatContextKind } from '../../../src-preload/contract'
import { api } from '../../api'
import { activeCodeEditor } from '../../editor/editor-registry'
import { getModel, isModelDirty, pathOfModel } from '../../editor/models'
import { activeSession } from '../terminal/terminals'
import { terminalText } from '../terminal/terminal-text'

export async function resolveContext(kind: ChatContextKind, path?: string): Promise<ChatContextItem | string> {
  if (kind === 'file') {
    if (!path) return 'Pick a file.'
    const text = getModel(path) && isModelDirty(path) ? getModel(path)!.getValue() : undefined
    const r = await api.call('chat:context', { kind, path, ...(text !== undefined ? { text } : {}) })
    return r.ok ? r.value : r.message
  }
  if (kind === 'selection') {
    const ed = activeCodeEditor()
    const model = ed?.getModel()
    const sel = ed?.getSelection()
    const file = model ? pathOfModel(model) : null
    if (!model || !sel || !file) return 'No editor is active: open a file and select some code.'
    if (sel.isEmpty()) return 'Nothing is selected in the active editor.'
    // A selection ending at column 1 does not take that line.
    const endLine = sel.endColumn === 1 && sel.endLineNumber > sel.startLineNumber ? sel.endLineNumber - 1 : sel.endLineNumber
    const r = await api.call('chat:context', { kind, path: file, range: { startLine: sel.startLineNumber, endLine }, text: model.getValueInRange(sel) })
    return r.ok ? r.value : r.message
  }
  if (kind === 'terminal') {
    // The active terminal as it shows on screen: its selection, else its last lines.
    const session = activeSession()
    if (session) {
      const t = terminalText(session.term, TERMINAL_LINES)
      const r = await api.call('chat:context', { kind, text: t.text, selected: t.selected })
      return r.ok ? r.value : r.message
    }
  }
  const r = await api.call('chat:context', { kind })
  return r.ok ? r.value : r.message
}

/** Buffer lines sent for @terminal; main keeps the last 60 of them. */
const TERMINAL_LINES = 200
