// One Monaco editor per editor group, created once and handed the model of the group's active tab.
// View state (scroll, cursor, folds) is kept per group and file across tab switches.
import { useEffect, useRef, useState } from 'react'
import type { editor } from 'monaco-editor/editor/editor.api'
import { useEditors } from '../store/editors'
import { useSettings } from '../store/settings'
import { editorStartupDone } from '../workbench/editor-first'
import { editorPrefs, type EditorPrefs } from '../workbench/format'
import { focusGroup } from './groups'
import { updateActiveInfo } from './active-info'
import { getViewState, registerEditor, saveViewState, unregisterEditor } from './editor-registry'
import { useMonaco } from './monaco-loader'
import { getModel, pathOfModel } from './models'

let firstEditorLogged = false

const monoFont = (): string => getComputedStyle(document.documentElement).getPropertyValue('--kiln-font-mono').trim() || 'monospace'

function options(p: EditorPrefs): editor.IEditorOptions {
  return {
    fontSize: p.fontSize,
    wordWrap: p.wordWrap,
    minimap: { enabled: p.minimap, renderCharacters: false, scale: 1 },
  }
}

/** Marks the first moment a file's editor is editable (the start-up budget is measured to it). */
function markReady(ed: editor.IStandaloneCodeEditor, readOnly: boolean): void {
  if (window.__kilnEditorReady !== undefined || readOnly) return
  requestAnimationFrame(() => {
    if (window.__kilnEditorReady === undefined && ed.getModel()) {
      window.__kilnEditorReady = performance.now()
      console.info(`[kiln] editor editable at ${window.__kilnEditorReady.toFixed(0)} ms`)
      editorStartupDone()
    }
  })
}

export function MonacoPane({ groupId, path, visible }: { groupId: number; path: string | null; visible: boolean }) {
  const monaco = useMonaco()
  const host = useRef<HTMLDivElement>(null)
  const [ed, setEd] = useState<editor.IStandaloneCodeEditor | null>(null)
  const status = useEditors((s) => (path ? s.buffers[path]?.status : undefined))
  const readOnly = useEditors((s) => (path ? (s.buffers[path]?.readOnly ?? null) : null))
  const focusRequest = useEditors((s) => s.focusRequest)
  const values = useSettings((s) => s.values)

  useEffect(() => {
    if (!monaco || !host.current) return
    const prefs = editorPrefs(useSettings.getState().values)
    const instance = monaco.editor.create(host.current, {
      model: null,
      automaticLayout: true,
      fontFamily: monoFont(),
      fontLigatures: false,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'all',
      smoothScrolling: false,
      fixedOverflowWidgets: true,
      stickyScroll: { enabled: true },
      largeFileOptimizations: true,
      ...options(prefs),
    })
    if (!firstEditorLogged) {
      firstEditorLogged = true
      console.info(`[kiln] first Monaco editor created at ${performance.now().toFixed(0)} ms`)
    }
    registerEditor(groupId, instance)
    const focusThisGroup = (): void => {
      const g = useEditors.getState().groups
      const i = g.groups.findIndex((x) => x.id === groupId)
      if (i >= 0 && i !== g.activeGroup) useEditors.getState().setGroups((s) => focusGroup(s, i))
    }
    const subs = [
      instance.onDidChangeCursorSelection(updateActiveInfo),
      instance.onDidChangeModelOptions(updateActiveInfo),
      instance.onDidChangeModelLanguage(updateActiveInfo),
      instance.onDidFocusEditorText(focusThisGroup),
    ]
    setEd(instance)
    return () => {
      const m = instance.getModel()
      const p = m ? pathOfModel(m) : null
      if (p) saveViewState(groupId, p, instance.saveViewState())
      for (const s of subs) s.dispose()
      unregisterEditor(groupId, instance)
      instance.dispose()
      setEd(null)
    }
  }, [monaco, groupId])

  // Settings apply live.
  useEffect(() => {
    ed?.updateOptions(options(editorPrefs(values)))
  }, [ed, values])

  // Show the active tab's model.
  useEffect(() => {
    if (!ed) return
    const model = path && status === 'ready' ? getModel(path) : null
    const current = ed.getModel()
    if (current !== model) {
      const prev = current ? pathOfModel(current) : null
      if (prev && current && !current.isDisposed()) saveViewState(groupId, prev, ed.saveViewState())
      ed.setModel(model)
      if (model && path) {
        const vs = getViewState(groupId, path)
        if (vs) ed.restoreViewState(vs)
        // Restored tabs: the editor takes focus when nothing else has it.
        if (document.activeElement === document.body) ed.focus()
      }
      updateActiveInfo()
    }
    ed.updateOptions({ readOnly: readOnly !== null, domReadOnly: readOnly !== null })
    if (model) markReady(ed, readOnly !== null)
  }, [ed, path, status, readOnly, groupId])

  // One-shot focus (and reveal) requests from openFile.
  useEffect(() => {
    if (!ed || !focusRequest || focusRequest.groupId !== groupId || focusRequest.path !== path || status !== 'ready') return
    if (!ed.getModel()) return
    useEditors.setState({ focusRequest: null })
    if (focusRequest.line !== undefined) {
      const position = { lineNumber: focusRequest.line, column: focusRequest.column ?? 1 }
      ed.setPosition(position)
      ed.revealPositionInCenterIfOutsideViewport(position)
    }
    ed.focus()
    markReady(ed, readOnly !== null)
  }, [ed, focusRequest, groupId, path, status, readOnly])

  // Monaco measures itself on resize (automaticLayout); a hidden pane needs one when shown again.
  useEffect(() => {
    if (visible) ed?.layout()
  }, [ed, visible])

  return <div ref={host} className="kiln-monaco" data-testid="monaco-host" style={{ display: visible ? undefined : 'none' }} />
}
