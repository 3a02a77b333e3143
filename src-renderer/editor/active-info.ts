// Keeps the status bar's facts about the active editor current (cursor, language, EOL, indent).
import { useEditors } from '../store/editors'
import { activeCodeEditor } from './editor-registry'

export function updateActiveInfo(): void {
  const ed = activeCodeEditor()
  const model = ed?.getModel()
  if (!ed || !model) {
    if (useEditors.getState().active !== null) useEditors.setState({ active: null })
    return
  }
  const pos = ed.getPosition()
  const sel = ed.getSelection()
  const opts = model.getOptions()
  useEditors.setState({
    active: {
      line: pos?.lineNumber ?? 1,
      column: pos?.column ?? 1,
      selected: sel && !sel.isEmpty() ? model.getValueLengthInRange(sel) : 0,
      language: model.getLanguageId(),
      eol: model.getEOL(),
      insertSpaces: opts.insertSpaces,
      tabSize: opts.tabSize,
    },
  })
}

// The active group changing changes which editor the status bar describes.
useEditors.subscribe((s, prev) => {
  if (s.groups !== prev.groups) queueMicrotask(updateActiveInfo)
})
