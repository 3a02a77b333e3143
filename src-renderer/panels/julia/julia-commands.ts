// Julia's commands, all in the palette with their keys (VS Code Julia's defaults, keybindings.ts).
import { registerCommand, type Command } from '../../commands'
import { activeJuliaEditor, runInEditor } from '../../editor/run-code'
import { clearResult, clearResults, resultAt } from '../../editor/run-inline'
import { getMonaco } from '../../editor/monaco-loader'
import { useJulia } from '../../store/julia'
import { useLayout } from '../../store/layout'
import { hasWorkspace } from '../../store/workspace'
import { JULIA_KEYS } from '../../workbench/keybindings'
import type { SideView } from '../../workbench/layout-math'
import { interruptRepl, isRunning, restartRepl, runPkg, showMissing, showPlots, showRepl, startRepl, stopRepl } from './julia-client'
import { registerTestCommands } from '../tests/tests-commands'
import { openModulePicker } from './ModuleStatusItem'
import { pathOfModel } from '../../editor/models'

/** The side view 'julia' (Variables, Environment, Error). */
// layout-math.ts's SideView does not list 'julia' yet (the lead's file; requested in the report).
export const JULIA_VIEW: SideView = 'julia'

export function showJuliaView(): void {
  useLayout.getState().showView(JULIA_VIEW)
}

/**
 * Whether the run keys (Shift+Enter, Ctrl+Enter, Alt+Enter) are Julia's now: a Julia file is the
 * active editor and the keyboard is in it, or in nothing that types (so Enter in the terminal, an
 * input or another editor stays Enter). The palette's input counts as the editor's, so the
 * commands are listed there and run once it closes.
 */
export function runKeysApply(): boolean {
  const ed = activeJuliaEditor()
  if (!ed) return false
  if (ed.hasTextFocus()) return true
  const el = document.activeElement
  if (!el || el === document.body) return true
  if (el.closest('[data-testid="quick-pick"]')) {
    // Listing, or accepted (a click, or plain Enter): the command's. Shift/Ctrl/Alt+Enter typed
    // into the quick pick's input is the input's, not a run.
    const e = window.event
    return !(e instanceof KeyboardEvent && (e.shiftKey || e.ctrlKey || e.altKey || e.metaKey))
  }
  const types = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable)
  return !types && !el.closest('.monaco-editor')
}

const hasJuliaEditor = (): boolean => activeJuliaEditor() !== null
const replShown = (): boolean => {
  const s = useJulia.getState().status
  return s !== null && s.state !== 'missing' && s.state !== 'stopped'
}

export function registerJuliaCommands(): () => void {
  const commands: Command[] = [
    {
      id: 'julia.startREPL',
      title: 'Julia: Start REPL',
      keybinding: JULIA_KEYS.startRepl,
      run: async () => {
        if (useJulia.getState().status?.state === 'missing') return showMissing()
        await startRepl(true)
      },
    },
    { id: 'julia.restartREPL', title: 'Julia: Restart REPL', when: replShown, run: restartRepl },
    { id: 'julia.stopREPL', title: 'Julia: Stop REPL', keybinding: JULIA_KEYS.stopRepl, when: replShown, run: stopRepl },
    { id: 'julia.interrupt', title: 'Julia: Interrupt Execution', when: isRunning, run: interruptRepl },
    { id: 'julia.showREPL', title: 'Julia: Show REPL', when: isRunning, run: () => showRepl(true) },
    { id: 'julia.changeEnvironment', title: 'Julia: Change Current Environment', keybinding: JULIA_KEYS.changeEnvironment, when: hasWorkspace, run: () => useJulia.setState({ envPickerOpen: true }) },
    { id: 'julia.executeCellAndMove', title: 'Julia: Execute Code Cell or Selection and Move', keybinding: JULIA_KEYS.runCell, when: runKeysApply, run: () => runInEditor('cell') },
    { id: 'julia.executeBlockAndMove', title: 'Julia: Execute Code Block or Selection and Move', keybinding: JULIA_KEYS.runBlock, when: runKeysApply, run: () => runInEditor('block') },
    { id: 'julia.executeLine', title: 'Julia: Send Current Line or Selection to REPL', keybinding: JULIA_KEYS.runLine, when: runKeysApply, run: () => runInEditor('line') },
    {
      id: 'julia.chooseModule',
      title: 'Julia: Select Module',
      when: hasJuliaEditor,
      run: () => {
        const model = activeJuliaEditor()?.getModel()
        openModulePicker(model ? pathOfModel(model) : null)
      },
    },
    { id: 'julia.executeFile', title: 'Julia: Execute File in REPL', keybinding: JULIA_KEYS.runFile, when: hasJuliaEditor, run: () => runInEditor('file') },
    {
      id: 'julia.clearAllInlineResults',
      title: 'Julia: Clear All Inline Results',
      keybinding: JULIA_KEYS.clearResults,
      when: hasJuliaEditor,
      run: () => {
        const monaco = getMonaco()
        if (monaco) clearResults(monaco)
      },
    },
    {
      id: 'julia.clearCurrentInlineResult',
      title: 'Julia: Clear Current Inline Result',
      keybinding: JULIA_KEYS.clearResult,
      when: hasJuliaEditor,
      run: () => {
        const monaco = getMonaco()
        const ed = activeJuliaEditor()
        const model = ed?.getModel()
        const line = ed?.getPosition()?.lineNumber
        const handle = model && line ? resultAt(model, line) : null
        if (monaco && handle) clearResult(monaco, handle)
      },
    },
    { id: 'julia.showPlotPane', title: 'Julia: Show Plot Pane', run: showPlots },
    { id: 'julia.showWorkspace', title: 'Julia: Show Workspace (Variables and Environment)', run: showJuliaView },
    {
      id: 'julia.showError',
      title: 'Julia: Show Error',
      when: () => useJulia.getState().lastError !== null,
      run: () => {
        showJuliaView()
        useJulia.setState((s) => ({ errorReveal: s.errorReveal + 1 }))
      },
    },
    { id: 'julia.pkgInstantiate', title: 'Julia: Instantiate Environment (Pkg)', when: hasWorkspace, run: async () => void (await runPkg('instantiate')) },
    { id: 'julia.pkgUpdate', title: 'Julia: Update Packages (Pkg)', when: hasWorkspace, run: async () => void (await runPkg('update')) },
    { id: 'julia.pkgStatus', title: 'Julia: Package Status (Pkg)', when: hasWorkspace, run: async () => void (await runPkg('status')) },
    {
      id: 'julia.pkgAdd',
      title: 'Julia: Add Package…',
      when: hasWorkspace,
      run: () => {
        showJuliaView()
        useJulia.setState((s) => ({ addPackageFocus: s.addPackageFocus + 1 }))
      },
    },
  ]
  const off = commands.map(registerCommand)
  off.push(
    registerTestCommands(() => {
      useLayout.getState().set({ panelVisible: true })
      useJulia.setState({ bottomTab: 'tests' })
    }),
  )
  return () => off.forEach((f) => f())
}
