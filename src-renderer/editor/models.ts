// One Monaco model per open file, keyed by workspace-relative path. A model is dirty when its
// alternative version id differs from the one recorded at load or save (so undoing back to the
// saved text makes it clean again, as in VS Code).
import type { editor } from 'monaco-editor/editor/editor.api'
import type { Monaco } from './monaco'

const models = new Map<string, editor.ITextModel>()
/** Version at the last load/save; -1 forces dirty (a restored backup of a file gone from disk). */
const saved = new Map<string, number>()

type ContentListener = (path: string) => void
let onContent: ContentListener = () => {}

/** buffers.ts installs the reaction to edits (dirty flag, backups, syntax). */
export const setContentListener = (l: ContentListener): void => {
  onContent = l
}

export const uriFor = (monaco: Monaco, path: string) => monaco.Uri.from({ scheme: 'file', path: `/${path}` })

export const getModel = (path: string): editor.ITextModel | null => models.get(path) ?? null

export function pathOfModel(model: editor.ITextModel): string | null {
  for (const [p, m] of models) if (m === model) return p
  return null
}

export function createModel(monaco: Monaco, path: string, content: string): editor.ITextModel {
  models.get(path)?.dispose()
  const uri = uriFor(monaco, path)
  monaco.editor.getModel(uri)?.dispose()
  const model = monaco.editor.createModel(content, undefined, uri)
  models.set(path, model)
  saved.set(path, model.getAlternativeVersionId())
  model.onDidChangeContent(() => onContent(path))
  return model
}

export const isModelDirty = (path: string): boolean => {
  const m = models.get(path)
  return !!m && m.getAlternativeVersionId() !== saved.get(path)
}

/** Records `version` (default: the current one) as the text on disk. */
export function markSaved(path: string, version?: number): void {
  const m = models.get(path)
  if (m) saved.set(path, version ?? m.getAlternativeVersionId())
}

export const markUnsaved = (path: string): void => void saved.set(path, -1)

/**
 * Replaces the whole text as one undoable edit, so the cursor stays near where it was (a silent
 * reload after a change on disk, or restoring a backup over the disk text).
 */
export function replaceText(path: string, text: string): void {
  const m = models.get(path)
  if (!m || m.getValue() === text) return
  m.pushStackElement()
  m.pushEditOperations([], [{ range: m.getFullModelRange(), text }], () => null)
  m.pushStackElement()
}

export function disposeModel(path: string): void {
  models.get(path)?.dispose()
  models.delete(path)
  saved.delete(path)
}

export const modelPaths = (): string[] => [...models.keys()]
