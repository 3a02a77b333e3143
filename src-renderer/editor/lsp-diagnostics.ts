// The language server's diagnostics as Monaco markers (owner 'kiln-lsp', beside tree-sitter's
// 'kiln-syntax'). Each 'lang:diagnostics' event replaces a file's markers; an empty list clears
// them. Events can come before Monaco has loaded or before the file is opened (servers publish
// for files they index), so the latest list per file is kept and applied when its model appears.
import type { LangDiagnostic } from '../../src-preload/contract'
import { api } from '../api'
import { loadMonaco } from './monaco-loader'
import type { Monaco } from './monaco'
import { uriFor } from './models'
import { toLspMarkers } from './lsp-markers'

export const LSP_MARKER_OWNER = 'kiln-lsp'

/** Starts showing server diagnostics; the returned function stops (and clears the markers). */
export function installLspDiagnostics(): () => void {
  const latest = new Map<string, LangDiagnostic[]>()
  let monaco: Monaco | null = null
  let stopped = false

  const apply = (path: string): void => {
    const model = monaco?.editor.getModel(uriFor(monaco, path))
    if (monaco && model) monaco.editor.setModelMarkers(model, LSP_MARKER_OWNER, toLspMarkers(latest.get(path) ?? []))
  }

  const off = api.on('lang:diagnostics', ({ path, diagnostics }) => {
    if (diagnostics.length === 0) latest.delete(path)
    else latest.set(path, diagnostics)
    apply(path)
  })

  let onCreate: { dispose(): void } | null = null
  void loadMonaco().then((m) => {
    if (stopped) return
    monaco = m
    // Models are keyed by path as `file:///<path>` (models.ts uriFor), so the path is the URI's path.
    onCreate = m.editor.onDidCreateModel((model) => {
      const path = model.uri.path.replace(/^\//, '')
      if (latest.has(path)) apply(path)
    })
    for (const path of latest.keys()) apply(path)
  })

  return () => {
    stopped = true
    off()
    onCreate?.dispose()
    const paths = [...latest.keys()]
    latest.clear()
    for (const path of paths) apply(path)
  }
}
