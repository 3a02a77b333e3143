// The renderer's terminals: sessions keyed by id (kept across panel remounts so scrollback
// survives), a small store for the tab strip, routing of terminal events, file-link context,
// theme following, the commands, and `window.__kilnTerminals` for end-to-end tests.
import { create } from 'zustand'
import type { DirEntry, TerminalInfo } from '../../../src-preload/contract'
import { api } from '../../api'
import { commandForKey, registerCommand } from '../../commands'
import type { FileLinkTarget } from './link-provider'
import { toWorkspacePath } from './links'
import type { TerminalSession } from './session'
import { readTheme, watchTheme } from './theme'

export interface TerminalTab {
  id: string
  title: string
  exited: boolean
  /** 'julia': the Julia REPL (restarted and stopped through the julia service). */
  kind: TerminalInfo['kind']
}

interface TabsState {
  tabs: TerminalTab[]
  activeId: string | null
  error: string | null
}

export const useTerminalTabs = create<TabsState>(() => ({ tabs: [], activeId: null, error: null }))

declare global {
  interface Window {
    /** For end-to-end tests: each terminal's buffer text. */
    __kilnTerminals?: Record<string, { readBuffer(): string; tail(rows: number): string }>
  }
}

// xterm and its addons (~430 KB minified, half of the first chunk) load with the first terminal,
// not with the workbench: the editor is ready sooner (see workbench/editor-first.ts). Loaded before
// a pty is asked for: output that arrives for an id with no session yet would be lost.
type SessionModule = typeof import('./session')
let sessionModule: Promise<SessionModule> | null = null
const loadSessionModule = (): Promise<SessionModule> => {
  sessionModule ??= import('./session').catch((e: unknown) => {
    sessionModule = null
    throw e
  })
  return sessionModule
}

/** 'if-free': only when nothing else has the focus (a terminal started in the background). */
export type FocusPolicy = 'yes' | 'if-free'

const sessions = new Map<string, TerminalSession>()
const context = {
  root: null as string | null,
  home: null as string | null,
  openFile: (_path: string, _line: number, _column?: number): void => {},
}

export const setOpenFile = (open: (path: string, line: number, column?: number) => void): void => {
  context.openFile = open
}
export const getSession = (id: string): TerminalSession | undefined => sessions.get(id)
export const activeSession = (): TerminalSession | undefined => {
  const { activeId } = useTerminalTabs.getState()
  return activeId ? sessions.get(activeId) : undefined
}

const syncTabs = (): void => {
  const tabs = [...sessions.values()].map((s) => ({ id: s.id, title: s.title, exited: s.exit !== null, kind: s.kind }))
  useTerminalTabs.setState((st) => ({
    tabs,
    activeId: st.activeId && sessions.has(st.activeId) ? st.activeId : (tabs[tabs.length - 1]?.id ?? null),
  }))
}

export function activate(id: string, focus: FocusPolicy = 'yes'): void {
  if (!sessions.has(id)) return
  useTerminalTabs.setState({ activeId: id })
  requestAnimationFrame(() => {
    const other = document.activeElement
    if (focus === 'if-free' && other && other !== document.body) return
    sessions.get(id)?.focus()
  })
}

// ---------------------------------------------------------------------------------------------
// File links: resolved against the open workspace, offered only for files that exist.

const dirCache = new Map<string, { at: number; files: Promise<Set<string>> }>()
const DIR_CACHE_MS = 3000

const listFiles = async (dir: string): Promise<Set<string>> => {
  const r = await api.call('workspace:list', { path: dir })
  return new Set(r.ok ? r.value.filter((e: DirEntry) => e.kind !== 'dir').map((e) => e.name) : [])
}

const links: FileLinkTarget = {
  resolve: (printed) => (context.root ? toWorkspacePath(printed, context.root, context.home) : null),
  exists: async (path) => {
    const slash = path.lastIndexOf('/')
    const dir = slash < 0 ? '' : path.slice(0, slash)
    let entry = dirCache.get(dir)
    if (!entry || Date.now() - entry.at > DIR_CACHE_MS) dirCache.set(dir, (entry = { at: Date.now(), files: listFiles(dir) }))
    return (await entry.files).has(path.slice(slash + 1))
  },
  open: (path, line, column) => context.openFile(path, line, column),
}

// ---------------------------------------------------------------------------------------------
// Wiring, once per page.

let wired = false
function wire(): void {
  if (wired) return
  wired = true
  api.on('terminal:data', ({ id, data }) => sessions.get(id)?.write(data))
  api.on('terminal:exit', (exit) => sessions.get(exit.id)?.exited(exit))
  api.on('workspace:opened', (ws) => {
    context.root = ws?.root ?? null
    dirCache.clear()
  })
  void api.call('workspace:current', {}).then((r) => {
    if (r.ok) context.root = r.value?.root ?? null
  })
  void api.call('app:info', {}).then((r) => {
    if (r.ok) context.home = r.value.home
  })
  watchTheme(() => {
    const theme = readTheme()
    for (const s of sessions.values()) s.setTheme(theme)
  })
  window.__kilnTerminals = {}
}

function addSession(mod: SessionModule, info: TerminalInfo, size: { cols: number; rows: number }): TerminalSession {
  const session = new mod.TerminalSession(info, size, {
    links,
    theme: readTheme(),
    onChange: syncTabs,
    isCommandKey: (e) => commandForKey(e) !== undefined,
    // The REPL is the julia service's: it restarts through julia:restart, with the environment.
    restart: info.kind === 'julia' ? () => juliaHooks.restart() : undefined,
  })
  sessions.set(info.id, session)
  if (window.__kilnTerminals) window.__kilnTerminals[info.id] = { readBuffer: () => session.readBuffer(), tail: (rows) => session.tail(rows) }
  syncTabs()
  return session
}

function removeSession(id: string): void {
  sessions.get(id)?.dispose()
  sessions.delete(id)
  if (window.__kilnTerminals) delete window.__kilnTerminals[id]
  const { tabs, activeId } = useTerminalTabs.getState()
  if (activeId === id) {
    const index = tabs.findIndex((t) => t.id === id)
    const next = tabs[index + 1] ?? tabs[index - 1]
    useTerminalTabs.setState({ activeId: next && next.id !== id ? next.id : null })
  }
  syncTabs()
}

/** A size for a new terminal before it is fitted: the active one's, else the classic 80x24. */
const currentSize = (): { cols: number; rows: number } => {
  const term = activeSession()?.term
  return term ? { cols: term.cols, rows: term.rows } : { cols: 80, rows: 24 }
}

export async function newTerminal(focus: FocusPolicy = 'yes'): Promise<void> {
  wire()
  const mod = await loadSessionModule().catch(() => null)
  if (!mod) {
    useTerminalTabs.setState({ error: 'Could not start a terminal: the terminal component failed to load' })
    return
  }
  const size = currentSize()
  const r = await api.call('terminal:create', size)
  if (!r.ok) {
    useTerminalTabs.setState({ error: `Could not start a terminal: ${r.message}` })
    return
  }
  useTerminalTabs.setState({ error: null })
  addSession(mod, r.value, size)
  activate(r.value.id, focus)
}

export async function killTerminal(id: string): Promise<void> {
  if (sessions.get(id)?.kind === 'julia') return juliaHooks.stop()
  removeSession(id)
  await api.call('terminal:kill', { id })
}

// ---------------------------------------------------------------------------------------------
// The Julia REPL's tab: the terminal main made for it (JuliaStatus.terminalId) joins the strip.

/** What the REPL tab's restart and close do; panels/julia/julia-client.ts installs them. */
const juliaHooks = { restart: async (): Promise<void> => {}, stop: async (): Promise<void> => {} }
export const setJuliaHooks = (hooks: typeof juliaHooks): void => void Object.assign(juliaHooks, hooks)

let adopting: Promise<void> | null = null

/**
 * Follows the REPL's terminal: adds its tab when main has one we do not show, revives it when
 * restarted in place, and drops REPL tabs main no longer has (stopped, or replaced on restart).
 */
export async function syncJuliaTerminal(terminalId: string | null, running: boolean): Promise<void> {
  wire()
  for (const s of [...sessions.values()]) if (s.kind === 'julia' && s.id !== terminalId) removeSession(s.id)
  if (!terminalId) return
  const existing = sessions.get(terminalId)
  if (existing) {
    if (running && existing.exit) existing.revived()
    return
  }
  await adopting
  if (sessions.has(terminalId)) return
  adopting = (async () => {
    const mod = await loadSessionModule()
    const r = await api.call('terminal:list', {})
    const info = r.ok ? r.value.find((t) => t.id === terminalId) : undefined
    if (!info || sessions.has(info.id)) return
    addSession(mod, { ...info, kind: 'julia' }, currentSize())
  })().finally(() => (adopting = null))
  await adopting
}

/** The REPL's tab id, when it is shown. */
export const juliaTerminalId = (): string | null => [...sessions.values()].find((s) => s.kind === 'julia')?.id ?? null

/** A size for a terminal about to start (the REPL): the active terminal's, else 80x24. */
export const terminalSize = (): { cols: number; rows: number } => currentSize()

export async function restartTerminal(id: string): Promise<void> {
  activate(id)
  await sessions.get(id)?.restart()
}

let reattached: Promise<void> | null = null
let creating: Promise<void> | null = null

/** Takes over the terminals main already has (after the page reloads), once per page. */
async function reattach(): Promise<void> {
  const mod = await loadSessionModule()
  const r = await api.call('terminal:list', {})
  for (const info of r.ok ? r.value : []) {
    if (sessions.has(info.id)) continue
    addSession(mod, info, currentSize())
    // Output sent to the page that went away was never acknowledged: clear it so the pty resumes.
    void api.call('terminal:ack', { id: info.id, chars: Number.MAX_SAFE_INTEGER })
  }
}

/** When the panel is shown: reattach on the first time, and start a terminal if there is none. */
export async function ensureTerminals(focus: FocusPolicy = 'yes'): Promise<void> {
  wire()
  reattached ??= reattach().catch(() => {
    reattached = null // the chunk failed to load: try again next time
  })
  await reattached
  if (sessions.size > 0) return
  creating ??= newTerminal(focus).finally(() => (creating = null))
  await creating
}

export function registerTerminalCommands(): () => void {
  const hasActive = () => activeSession() !== undefined
  const off = [
    registerCommand({ id: 'terminal.new', title: 'Terminal: New Terminal', keybinding: 'Ctrl+Shift+`', run: () => newTerminal() }),
    registerCommand({
      id: 'terminal.kill',
      title: 'Terminal: Kill Terminal',
      when: hasActive,
      run: () => {
        const s = activeSession()
        if (s) return killTerminal(s.id)
      },
    }),
    registerCommand({ id: 'terminal.clear', title: 'Terminal: Clear', when: hasActive, run: () => activeSession()?.clear() }),
    registerCommand({
      id: 'terminal.restart',
      title: 'Terminal: Restart Terminal',
      when: () => hasActive() && activeSession()?.kind !== 'julia',
      run: () => {
        const s = activeSession()
        if (s) return restartTerminal(s.id)
      },
    }),
  ]
  return () => off.forEach((f) => f())
}
