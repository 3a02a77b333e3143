// The latest build's diagnostics as Monaco markers (owner 'kiln-juliac'), each at its deepest
// workspace frame. A new build clears them; they come back as its diagnostics arrive. Files not
// open yet get theirs when their model is created (as lsp-diagnostics.ts does).
import { loadMonaco } from '../../editor/monaco-loader'
import type { Monaco } from '../../editor/monaco'
import { uriFor } from '../../editor/models'
import { markersByPath, type BuildMarker } from './diagnostics-model'
import { historyOf, useBuilds } from './builds-store'
import type { BuildRecord } from '../../../src-preload/contract'

export const JULIAC_MARKER_OWNER = 'kiln-juliac'

/** The build whose problems the editor shows: the newest that did something. */
export const markerBuild = (records: Record<string, BuildRecord>): BuildRecord | null => historyOf(records).find((r) => r.state !== 'skipped') ?? null

export function installBuildMarkers(): () => void {
  let monaco: Monaco | null = null
  let current = new Map<string, BuildMarker[]>()
  let shownFor: BuildRecord['diagnostics'] | null = null

  const apply = (path: string): void => {
    const model = monaco?.editor.getModel(uriFor(monaco, path))
    if (!monaco || !model) return
    const list = current.get(path) ?? []
    // The code on the line, not its indentation (a blank line still gets a one-character mark).
    const marks = list.map(({ diagnostic: _d, ...m }) => {
      const line = Math.min(m.startLineNumber, model.getLineCount())
      const start = model.getLineFirstNonWhitespaceColumn(line) || 1
      const end = model.getLineMaxColumn(line)
      return { ...m, startLineNumber: line, endLineNumber: line, startColumn: start, endColumn: end > start ? end : start + 1 }
    })
    monaco.editor.setModelMarkers(model, JULIAC_MARKER_OWNER, marks)
  }

  const update = (): void => {
    const b = markerBuild(useBuilds.getState().records)
    const diagnostics = b?.diagnostics ?? []
    if (diagnostics === shownFor) return
    shownFor = diagnostics
    const before = [...current.keys()]
    current = markersByPath(diagnostics)
    for (const p of new Set([...before, ...current.keys()])) apply(p)
  }

  const off = useBuilds.subscribe(update)
  let onCreate: { dispose(): void } | null = null
  void loadMonaco().then((m) => {
    monaco = m
    onCreate = m.editor.onDidCreateModel((model) => {
      const path = model.uri.path.replace(/^\//, '')
      if (current.has(path)) apply(path)
    })
    shownFor = null
    update()
  })
  return () => {
    off()
    onCreate?.dispose()
  }
}
