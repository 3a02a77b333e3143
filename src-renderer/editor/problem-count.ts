// The error count the status bar shows for the active file: every error marker Monaco holds for
// it, whoever set it (tree-sitter syntax errors, the language server, the last Julia run), so the
// count matches the squiggles on screen.
import { useEffect, useState } from 'react'
import { getMonaco } from './monaco-loader'
import { uriFor } from './models'

const ERROR = 8 // monaco.MarkerSeverity.Error

export function useErrorCount(path: string | null, fallback: number | undefined): number | undefined {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    const monaco = getMonaco()
    if (!monaco || path === null) {
      setCount(null)
      return
    }
    const uri = uriFor(monaco, path)
    const recount = (): void => {
      const model = monaco.editor.getModel(uri)
      setCount(model ? monaco.editor.getModelMarkers({ resource: uri }).filter((m) => m.severity === ERROR).length : null)
    }
    recount()
    const sub = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) recount()
    })
    return () => sub.dispose()
  }, [path, fallback])
  return count ?? fallback
}
