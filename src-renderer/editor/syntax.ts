// Julia structure from main's tree-sitter worker: ~250 ms after typing stops the model text goes to
// 'syntax:analyze'; the answer becomes error markers, the Outline view and Monaco's document
// symbols (Ctrl+Shift+O, sticky scroll).
import type { SyntaxReport } from '../../src-preload/contract'
import { api } from '../api'
import { useEditors } from '../store/editors'
import { notify } from '../store/notifications'
import { useOutline } from '../store/outline'
import { getMonaco } from './monaco-loader'
import { getModel, pathOfModel } from './models'
import type { Monaco } from './monaco'
import { toDocumentSymbols, toMarkers } from './symbols'

export const ANALYZE_DELAY_MS = 250
export const MARKER_OWNER = 'kiln-syntax'

const timers = new Map<string, ReturnType<typeof setTimeout>>()
const latest = new Map<string, { version: number; report: Promise<SyntaxReport | null> }>()
let warned = false

const isJulia = (path: string): boolean => getModel(path)?.getLanguageId() === 'julia'

export function scheduleAnalyze(path: string, delay = ANALYZE_DELAY_MS): void {
  if (!isJulia(path) || useEditors.getState().buffers[path]?.readOnly) return
  clearTimeout(timers.get(path))
  timers.set(
    path,
    setTimeout(() => {
      timers.delete(path)
      void analyze(path)
    }, delay),
  )
}

/** The report for the model's current text; one request per text version. */
export function analyze(path: string): Promise<SyntaxReport | null> {
  const model = getModel(path)
  if (!model) return Promise.resolve(null)
  const version = model.getVersionId()
  const cached = latest.get(path)
  if (cached && cached.version === version) return cached.report
  const report = (async () => {
    const r = await api.call('syntax:analyze', { content: model.getValue() })
    if (!r.ok) {
      if (!warned) {
        warned = true
        notify('warning', `Julia structure is unavailable: ${r.message}`)
      }
      return null
    }
    // Stale answers (the text moved on, or the file closed) are dropped.
    if (model.isDisposed() || getModel(path) !== model || model.getVersionId() !== version) return r.value
    publish(path, r.value)
    return r.value
  })()
  latest.set(path, { version, report })
  return report
}

function publish(path: string, report: SyntaxReport): void {
  const monaco = getMonaco()
  const model = getModel(path)
  if (monaco && model) monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(report.errors))
  useOutline.getState().setFile(path, { outline: report.outline, errors: report.errors.length, parseMs: report.parseMs })
}

export function forgetSyntax(path: string): void {
  clearTimeout(timers.get(path))
  timers.delete(path)
  latest.delete(path)
}

/** Document symbols for Julia models, from the same reports (fresh when the text changed). */
export function registerJuliaSymbols(monaco: Monaco): void {
  monaco.languages.registerDocumentSymbolProvider('julia', {
    displayName: 'Kiln (tree-sitter-julia)',
    provideDocumentSymbols: async (model) => {
      const path = pathOfModel(model)
      if (!path) return []
      const report = await analyze(path)
      if (!report || model.isDisposed()) return []
      return toDocumentSymbols(report.outline, {
        lineCount: model.getLineCount(),
        lineContent: (l) => model.getLineContent(l),
      })
    },
  })
}
