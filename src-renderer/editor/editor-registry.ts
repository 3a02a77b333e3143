// The live Monaco editor of each group (one per group, created by MonacoPane) and the view state
// (scroll, cursor, folds) of each file in each group, so switching tabs returns where you were.
import type { editor } from 'monaco-editor/editor/editor.api'
import { useEditors } from '../store/editors'

const editors = new Map<number, editor.IStandaloneCodeEditor>()
const viewStates = new Map<string, editor.ICodeEditorViewState>()

export const registerEditor = (groupId: number, ed: editor.IStandaloneCodeEditor): void => void editors.set(groupId, ed)

export function unregisterEditor(groupId: number, ed: editor.IStandaloneCodeEditor): void {
  if (editors.get(groupId) === ed) editors.delete(groupId)
}

export const editorOfGroup = (groupId: number): editor.IStandaloneCodeEditor | null => editors.get(groupId) ?? null

/** The active group's editor when it is showing a file. */
export function activeCodeEditor(): editor.IStandaloneCodeEditor | null {
  const { groups } = useEditors.getState()
  const g = groups.groups[groups.activeGroup]
  if (!g) return null
  const ed = editors.get(g.id)
  return ed?.getModel() ? ed : null
}

export const allEditors = (): editor.IStandaloneCodeEditor[] => [...editors.values()]

const key = (groupId: number, path: string): string => `${groupId}\n${path}`
export const saveViewState = (groupId: number, path: string, s: editor.ICodeEditorViewState | null): void => {
  if (s) viewStates.set(key(groupId, path), s)
}
export const getViewState = (groupId: number, path: string): editor.ICodeEditorViewState | null => viewStates.get(key(groupId, path)) ?? null

/** Forgets view states of a path (closed) or moves them (renamed). */
export function moveViewStates(from: string, to: string | null): void {
  for (const k of [...viewStates.keys()]) {
    const [g, p] = k.split('\n') as [string, string]
    if (p !== from) continue
    const v = viewStates.get(k)!
    viewStates.delete(k)
    if (to !== null) viewStates.set(key(Number(g), to), v)
  }
}
