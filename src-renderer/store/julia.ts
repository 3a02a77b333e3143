// Julia slice: the REPL's status from main, the workspace variables, the plot history, the
// environment panel's data, the last evaluation error (for "Julia: Show Error") and the module
// choices for code run from the editor (run-module.ts).
import { create } from 'zustand'
import type { EnvironmentInfo, EvalError, JuliaEnvironment, JuliaStatus, JuliaVariable, PlotItem } from '../../src-preload/contract'

/** Plots kept in the pane; older ones drop off the front (each may be a few hundred KB of base64). */
export const MAX_PLOTS = 50

export type BottomTab = 'terminal' | 'plots' | 'tests' | 'build' | 'monitor'

export interface LastError {
  error: EvalError
  /** The evaluated file (workspace-relative) and line, when known. */
  path: string | null
  line: number
  at: number
}

interface JuliaState {
  /** null until main first answered (or answers UNSUPPORTED: no Julia service in this host). */
  status: JuliaStatus | null
  variables: JuliaVariable[]
  /** True once a `julia:variables` event or answer arrived (an empty list then means "none"). */
  variablesKnown: boolean
  plots: PlotItem[]
  /** Index of the plot shown; -1 with no plots. */
  plotIndex: number
  environments: { environments: JuliaEnvironment[]; active: string } | null
  environment: EnvironmentInfo | null
  environmentError: string | null
  lastError: LastError | null
  /** The bottom panel's visible tab. */
  bottomTab: BottomTab
  /** Bumped to make the Julia side view reveal its error section. */
  errorReveal: number
  /** Whether the environment picker is open. */
  envPickerOpen: boolean
  /** Bumped to focus the environment section's "add package" input. */
  addPackageFocus: number
  /** Modules pinned per file ("Julia: Select Module"): file key → full path (`Main.Demo`). Not persisted. */
  modulePins: Record<string, string>
  /** Modules a run asked for that Julia did not have (it ran the code in Main), until they are defined. */
  unloadedModules: string[]
  /** The file key the module picker is open for, or null when closed. */
  modulePicker: string | null
}

export const useJulia = create<JuliaState>()(() => ({
  status: null,
  variables: [],
  variablesKnown: false,
  plots: [],
  plotIndex: -1,
  environments: null,
  environment: null,
  environmentError: null,
  lastError: null,
  bottomTab: 'terminal',
  errorReveal: 0,
  envPickerOpen: false,
  addPackageFocus: 0,
  modulePins: {},
  unloadedModules: [],
  modulePicker: null,
}))

/** Records what a run learnt: `module` is not loaded (fell back), or these modules now are. */
export function noteModules(notLoaded: string | null, loaded: readonly string[]): void {
  useJulia.setState((s) => {
    const next = s.unloadedModules.filter((m) => !loaded.includes(m) && m !== notLoaded)
    if (notLoaded !== null) next.push(notLoaded)
    const same = next.length === s.unloadedModules.length && next.every((m, i) => m === s.unloadedModules[i])
    return same ? s : { unloadedModules: next }
  })
}

/** A new plot is shown at once (as in VS Code's plot pane); history keeps the last MAX_PLOTS. */
export function addPlot(plots: readonly PlotItem[], item: PlotItem): { plots: PlotItem[]; plotIndex: number } {
  const next = [...plots.filter((p) => p.id !== item.id), item].slice(-MAX_PLOTS)
  return { plots: next, plotIndex: next.length - 1 }
}

/** Moves through the history, clamped to its ends. */
export const stepPlot = (index: number, count: number, delta: number): number =>
  count === 0 ? -1 : Math.max(0, Math.min(count - 1, index + delta))

/** Removes the shown plot; the next one (else the previous) takes its place. */
export function removePlot(plots: readonly PlotItem[], index: number): { plots: PlotItem[]; plotIndex: number } {
  if (index < 0 || index >= plots.length) return { plots: [...plots], plotIndex: plots.length - 1 }
  const next = plots.filter((_, i) => i !== index)
  return { plots: next, plotIndex: next.length === 0 ? -1 : Math.min(index, next.length - 1) }
}
