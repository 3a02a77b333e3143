// Renaming a file or folder moves its open buffers: a new model under the new path (so the
// language follows the new extension) with the same text, dirty state, undo lost, tabs renamed.
import { useEditors, type BufferMeta } from '../store/editors'
import { useOutline } from '../store/outline'
import { renamedPath } from '../workbench/paths'
import { clearBackup, scheduleBackup } from './backup'
import { moveViewStates } from './editor-registry'
import { renameTabs } from './groups'
import { getMonaco } from './monaco-loader'
import { createModel, disposeModel, getModel, isModelDirty, markUnsaved } from './models'
import { forgetSyntax, scheduleAnalyze } from './syntax'

export function renameBuffers(from: string, to: string): void {
  const monaco = getMonaco()
  const st = useEditors.getState()
  const moves = Object.keys(st.buffers).flatMap((p) => {
    const n = renamedPath(p, from, to)
    return n === null ? [] : [[p, n] as const]
  })
  if (moves.length === 0) return
  const buffers: Record<string, BufferMeta> = { ...st.buffers }
  for (const [oldPath, newPath] of moves) {
    const b = buffers[oldPath]!
    const model = getModel(oldPath)
    const dirty = isModelDirty(oldPath)
    if (model && monaco) {
      createModel(monaco, newPath, model.getValue())
      if (dirty) markUnsaved(newPath)
    }
    if (dirty) clearBackup(oldPath, true)
    disposeModel(oldPath)
    forgetSyntax(oldPath)
    useOutline.getState().setFile(oldPath, null)
    moveViewStates(oldPath, newPath)
    delete buffers[oldPath]
    buffers[newPath] = { ...b, path: newPath, dirty }
    if (dirty) scheduleBackup(newPath)
    scheduleAnalyze(newPath, 0)
  }
  const map = new Map<string, string>(moves)
  useEditors.setState((s) => ({ buffers, groups: renameTabs(s.groups, (id) => map.get(id) ?? null) }))
}
