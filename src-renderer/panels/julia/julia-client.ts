// The renderer's side of the Julia REPL: status, variables and plots from main kept in the julia
// store; the actions behind the commands, the status bar and the panels (start, restart, stop,
// interrupt, environments, Pkg). The REPL itself is a terminal tab (panels/terminal).
import type { JuliaPackage, JuliaStatus } from '../../../src-preload/contract'
import { api } from '../../api'
import { notifyError } from '../../notifications/call'
import { addPlot, useJulia } from '../../store/julia'
import { useLayout } from '../../store/layout'
import { notify } from '../../store/notifications'
import { activate, getSession, juliaTerminalId, setJuliaHooks, syncJuliaTerminal, terminalSize } from '../terminal/terminals'

const running = (s: JuliaStatus | null): boolean => s !== null && (s.state === 'starting' || s.state === 'ready' || s.state === 'busy')

export const isRunning = (): boolean => running(useJulia.getState().status)

function setStatus(status: JuliaStatus): void {
  const before = useJulia.getState().status
  useJulia.setState({ status })
  void syncJuliaTerminal(status.terminalId, running(status))
  if (before?.environment !== status.environment || (before?.state !== status.state && status.state === 'ready')) void refreshEnvironment()
  // A (re)start or a stop forgets the workspace: the old variables are not Julia's any more.
  const fresh = status.state === 'starting' && before?.state !== 'starting'
  if (fresh || (running(before) && !running(status))) useJulia.setState({ variables: [], variablesKnown: false })
}

let wired = false

/** Subscribes to the julia events and asks for the first status; once per page. */
export function wireJulia(): void {
  if (wired) return
  wired = true
  setJuliaHooks({ restart: () => restartRepl(), stop: () => stopRepl() })
  api.on('julia:status', setStatus)
  api.on('julia:variables', ({ variables }) => useJulia.setState({ variables, variablesKnown: true }))
  api.on('julia:plot', (item) => {
    useJulia.setState((s) => addPlot(s.plots, item))
    showPlots()
  })
  api.on('workspace:opened', () => {
    useJulia.setState({ environment: null, environments: null })
    void refreshStatus().then(() => refreshEnvironment())
  })
  // Pkg writes Project.toml and Manifest.toml: the environment section follows the files.
  let timer: ReturnType<typeof setTimeout> | undefined
  api.on('workspace:changed', ({ changes }) => {
    if (!changes.some((c) => /(?:^|\/)(?:Julia)?(?:Project|Manifest)(?:-v[\d.]+)?\.toml$/.test(c.path))) return
    clearTimeout(timer)
    timer = setTimeout(() => void refreshEnvironment(), 300)
  })
  // The first status names the environment, which setStatus then reads.
  void refreshStatus()
}

export async function refreshStatus(): Promise<void> {
  const r = await api.call('julia:status', {})
  if (r.ok) setStatus(r.value)
}

/** The bottom panel, showing the REPL's tab (focused when asked). */
export function showRepl(focus: boolean): void {
  useLayout.getState().set({ panelVisible: true })
  useJulia.setState({ bottomTab: 'terminal' })
  const id = juliaTerminalId()
  if (id) activate(id, focus ? 'yes' : 'if-free')
}

export function showPlots(): void {
  useLayout.getState().set({ panelVisible: true })
  useJulia.setState({ bottomTab: 'plots' })
}

/** Says why Julia cannot start, with the command that installs it (copyable). */
export function showMissing(status: JuliaStatus | null = useJulia.getState().status): void {
  const problem = status?.problem
  const message = problem ? `${problem.message.replace(/\.?\s*$/, '.')} Install it with: ${problem.fix}` : 'Julia was not found. Set julia.executablePath in the settings or install Julia.'
  notify('warning', message, problem ? [{ label: 'Copy Command', run: () => void copyText(problem.fix) }] : [])
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    notify('info', 'Copied to the clipboard.')
  } catch {
    notify('warning', `Could not reach the clipboard; the command is: ${text}`)
  }
}

let starting: Promise<boolean> | null = null

/** Starts the REPL if it is not running; true once it is ready for code. */
export function ensureRepl(focus = false): Promise<boolean> {
  if (isRunning()) return Promise.resolve(true)
  starting ??= startRepl(focus).finally(() => (starting = null))
  return starting
}

export async function startRepl(focus = true): Promise<boolean> {
  wireJulia()
  if (isRunning()) {
    showRepl(focus)
    return true
  }
  useLayout.getState().set({ panelVisible: true })
  useJulia.setState({ bottomTab: 'terminal' })
  const r = await api.call('julia:start', terminalSize())
  if (!r.ok) {
    await refreshStatus()
    if (useJulia.getState().status?.state === 'missing') showMissing()
    else notifyError(r, 'Could not start Julia')
    return false
  }
  setStatus(r.value)
  await syncJuliaTerminal(r.value.terminalId, true)
  showRepl(focus)
  return true
}

export async function restartRepl(): Promise<void> {
  wireJulia()
  const id = juliaTerminalId()
  if (id) getSession(id)?.note('Restarting Julia…')
  useLayout.getState().set({ panelVisible: true })
  useJulia.setState({ bottomTab: 'terminal' })
  const r = await api.call('julia:restart', terminalSize())
  if (!r.ok) {
    await refreshStatus()
    if (useJulia.getState().status?.state === 'missing') showMissing()
    else notifyError(r, 'Could not restart Julia')
    return
  }
  setStatus(r.value)
  await syncJuliaTerminal(r.value.terminalId, true)
  showRepl(true)
}

export async function stopRepl(): Promise<void> {
  const r = await api.call('julia:stop', {})
  if (!r.ok) notifyError(r, 'Could not stop Julia')
  await refreshStatus()
}

export async function interruptRepl(): Promise<void> {
  const r = await api.call('julia:interrupt', {})
  if (!r.ok) notifyError(r, 'Could not interrupt Julia')
}

// ---------------------------------------------------------------------------------------------
// Environments and packages

export async function refreshEnvironment(): Promise<void> {
  const [envs, env] = await Promise.all([api.call('julia:environments', {}), api.call('julia:environment', {})])
  useJulia.setState({
    environments: envs.ok ? envs.value : null,
    environment: env.ok ? env.value : null,
    environmentError: env.ok ? null : env.message,
  })
}

export async function refreshVariables(): Promise<void> {
  if (!isRunning()) return
  const r = await api.call('julia:variables', {})
  if (r.ok) useJulia.setState({ variables: r.value, variablesKnown: true })
}

export async function chooseEnvironment(key: string): Promise<void> {
  const r = await api.call('julia:setEnvironment', { key })
  if (!r.ok) return notifyError(r, 'Could not change the environment')
  setStatus(r.value)
  await refreshEnvironment()
}

export type PkgOp = 'instantiate' | 'add' | 'remove' | 'update' | 'status' | 'resolve'

/** Runs a Pkg operation in the REPL (started if needed) with its tab in view, so its output shows. */
export async function runPkg(op: PkgOp, packages: string[] = []): Promise<boolean> {
  if (!(await ensureRepl(false))) return false
  showRepl(false)
  const r = await api.call('julia:pkg', { op, packages })
  if (!r.ok) {
    notifyError(r, `Pkg ${op} failed`)
    return false
  }
  return true
}

export const packageLabel = (p: JuliaPackage): string => (p.version ? `${p.name} v${p.version}` : p.name)
