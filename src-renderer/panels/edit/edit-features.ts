// Wires chat-assisted editing into the workbench: the review overlay, the assist event listeners,
// Ctrl+I and the quick actions in the editor (context menu) and the palette.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import type { IDisposable } from 'monaco-editor/editor/editor.api'
import { registerCommand, type Command } from '../../commands'
import type { Monaco } from '../../editor/monaco'
import { loadMonaco } from '../../editor/monaco-loader'
import { DiffReview } from './DiffReview'
import { listenAssist, startInlineEdit } from './inline-edit'
import { explainSelection, runQuickAction } from './quick-actions'
import { applyCodeBlock } from './apply'

export const INLINE_EDIT_KEY = 'Ctrl+I'

type QuickId = 'explain' | 'fix' | 'optimize' | 'tests' | 'trimmable'
const QUICK: { id: QuickId; title: string }[] = [
  { id: 'explain', title: 'Explain' },
  { id: 'fix', title: 'Fix' },
  { id: 'optimize', title: 'Optimize for Performance' },
  { id: 'tests', title: 'Write Tests' },
  { id: 'trimmable', title: 'Make Trimmable' },
]

const runQuick = (monaco: Monaco, id: QuickId): Promise<boolean> => (id === 'explain' ? explainSelection() : runQuickAction(monaco, id))

function editorActions(monaco: Monaco): IDisposable[] {
  const { KeyMod, KeyCode } = monaco
  return [
    monaco.editor.addEditorAction({
      id: 'kiln.edit.inline',
      label: 'Edit with the Model…',
      keybindings: [KeyMod.CtrlCmd | KeyCode.KeyI],
      contextMenuGroupId: 'kiln-assist',
      contextMenuOrder: 0,
      run: () => void startInlineEdit(),
    }),
    ...QUICK.map((q, i) =>
      monaco.editor.addEditorAction({ id: `kiln.edit.${q.id}`, label: `Model: ${q.title}`, contextMenuGroupId: 'kiln-assist', contextMenuOrder: i + 1, run: () => void runQuick(monaco, q.id) }),
    ),
  ]
}

/** Returns the function that undoes it all. */
export function registerEditFeatures(): () => void {
  const host = document.createElement('div')
  host.className = 'kiln-review-host'
  document.body.appendChild(host)
  const root = createRoot(host)
  root.render(createElement(DiffReview))
  const offAssist = listenAssist()
  let actions: IDisposable[] = []
  let disposed = false
  const commands: Command[] = [{ id: 'edit.inline', title: `Model: Edit Selection… (${INLINE_EDIT_KEY} in the editor)`, run: () => void startInlineEdit() }]
  void loadMonaco().then((monaco) => {
    if (disposed) return
    actions = editorActions(monaco)
    for (const q of QUICK) offCommands.push(registerCommand({ id: `edit.${q.id}`, title: `Model: ${q.title}`, run: () => void runQuick(monaco, q.id) }))
  })
  const offCommands = commands.map(registerCommand)
  // For e2e tests and the chat panel's Apply button.
  window.__kilnApplyCodeBlock = applyCodeBlock
  return () => {
    disposed = true
    offAssist()
    actions.forEach((a) => a.dispose())
    offCommands.forEach((f) => f())
    root.unmount()
    host.remove()
  }
}

declare global {
  interface Window {
    __kilnApplyCodeBlock?: typeof applyCodeBlock
  }
}
