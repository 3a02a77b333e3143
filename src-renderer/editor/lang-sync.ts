// The editor side of the language service's view of files: open Julia buffers go to main
// (`lang:didOpen`, debounced `lang:didChange`, `lang:didClose`) so its answers follow unsaved text;
// locations in files that are not open get read-only preview models (the references peek and the
// Ctrl+hover preview need a model to show); and "open this file at this line" from Monaco (F12 to
// another file, a peek entry) goes through the workbench's openFile.
import type { editor, IDisposable, IRange, IPosition, Uri } from 'monaco-editor/editor/editor.api'
import type { KilnApi } from '../../src-preload/contract'
import { openFile } from './buffers'
import { uriFor } from './models'
import type { Monaco } from './monaco'

export const CHANGE_DELAY_MS = 300
/** Preview models kept at most (the oldest is disposed first). */
const MAX_PREVIEWS = 40

/** Workspace-relative path of a model Kiln made (file models and previews share the `file` scheme). */
export const pathOfUri = (uri: Uri): string | null => (uri.scheme === 'file' && uri.path.length > 1 ? uri.path.slice(1) : null)

const previews: string[] = [] // uri strings, oldest first

export function syncJuliaBuffers(monaco: Monaco, api: KilnApi): IDisposable[] {
  const tracked = new Map<editor.ITextModel, { path: string; timer: ReturnType<typeof setTimeout> | null; sub: IDisposable }>()
  const send = (model: editor.ITextModel, path: string): void => {
    void api.call('lang:didChange', { path, content: model.getValue(), version: model.getVersionId() })
  }
  const track = (model: editor.ITextModel): void => {
    const path = pathOfUri(model.uri)
    if (!path || model.getLanguageId() !== 'julia' || previews.includes(model.uri.toString()) || tracked.has(model)) return
    const entry = {
      path,
      timer: null as ReturnType<typeof setTimeout> | null,
      sub: model.onDidChangeContent(() => {
        if (entry.timer) clearTimeout(entry.timer)
        entry.timer = setTimeout(() => {
          entry.timer = null
          if (!model.isDisposed()) send(model, path)
        }, CHANGE_DELAY_MS)
      }),
    }
    tracked.set(model, entry)
    void api.call('lang:didOpen', { path, content: model.getValue(), version: model.getVersionId() })
  }
  const untrack = (model: editor.ITextModel): void => {
    const at = previews.indexOf(model.uri.toString())
    if (at >= 0) previews.splice(at, 1)
    const entry = tracked.get(model)
    if (!entry) return
    tracked.delete(model)
    if (entry.timer) clearTimeout(entry.timer)
    entry.sub.dispose()
    void api.call('lang:didClose', { path: entry.path })
  }
  for (const m of monaco.editor.getModels()) track(m)
  return [
    monaco.editor.onDidCreateModel(track),
    monaco.editor.onWillDisposeModel(untrack),
    { dispose: () => [...tracked.keys()].forEach(untrack) },
  ]
}

/**
 * Makes sure each file has a model (reading the ones that are not open). A file the user opens
 * later replaces its preview (models.ts disposes any model at the URI before creating its own).
 */
export async function ensurePreviewModels(monaco: Monaco, api: KilnApi, files: readonly string[], limit = 20): Promise<void> {
  const wanted = [...new Set(files)].filter((f) => !monaco.editor.getModel(uriFor(monaco, f))).slice(0, limit)
  await Promise.all(
    wanted.map(async (path) => {
      const r = await api.call('workspace:read', { path })
      const uri = uriFor(monaco, path)
      if (!r.ok || r.value.readOnly === 'binary' || monaco.editor.getModel(uri)) return
      previews.push(uri.toString()) // before createModel, so the buffer sync skips it
      monaco.editor.createModel(r.value.content, 'julia', uri)
      while (previews.length > MAX_PREVIEWS) {
        const oldest = previews[0]!
        monaco.editor.getModel(monaco.Uri.parse(oldest))?.dispose() // untracked by onWillDisposeModel
        if (previews[0] === oldest) previews.shift()
      }
    }),
  )
}

/** F12 or a peek entry in another file: open it in a tab at the position. */
export function registerFileOpener(monaco: Monaco): IDisposable {
  return monaco.editor.registerEditorOpener({
    openCodeEditor(_source, resource, selectionOrPosition?: IRange | IPosition) {
      const path = pathOfUri(resource)
      if (!path) return false
      const pos = selectionOrPosition
      const line = pos ? ('startLineNumber' in pos ? pos.startLineNumber : pos.lineNumber) : undefined
      const column = pos ? ('startColumn' in pos ? pos.startColumn : pos.column) : undefined
      void openFile(path, { line, column })
      return true
    },
  })
}
