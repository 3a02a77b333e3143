// The Builds state: juliac's status, the workspace's configurations, every build record seen (the
// history, then live `juliac:build` events), the live logs, and what the Builds views show. The
// actions behind the buttons and commands live here too, so the side view, the Build tab, the
// status bar and the palette all act the same way.
import { create } from 'zustand'
import type { BuildConfig, BuildConfigs, BuildRecord, BuildTrim, JuliacStatus, Result } from '../../../src-preload/contract'
import { api } from '../../api'
import { openFile } from '../../editor/buffers'
import { ask } from '../../store/dialog'
import { notify } from '../../store/notifications'
import { openFolder } from '../../workbench/workspace-actions'
import { useJulia } from '../../store/julia'
import { useLayout } from '../../store/layout'
import { useWorkspace } from '../../store/workspace'
import { appendLog, emptyLog, type LogBuffer } from './log-model'
import { moduleNameFor } from './builds-format'

export type BuildTab = 'log' | 'problems' | 'artifacts'
export type Picker = 'build' | 'newApp' | 'package' | null
/** The configuration editor: an index into the configurations, or 'new'. */
export type Editing = number | 'new' | null

/** Logs kept in memory: the few latest builds (each capped in log-model). */
const MAX_LOGS = 6

interface BuildsState {
  status: JuliacStatus | null
  /** Why juliac's status or the configurations could not be read (e.g. no juliac service in this host). */
  unavailable: string | null
  configs: BuildConfigs | null
  records: Record<string, BuildRecord>
  logs: Record<string, LogBuffer>
  /** The build the Build tab shows. */
  shown: string | null
  tab: BuildTab
  editing: Editing
  picker: Picker
  /** A build asked for and not answered yet, per configuration. */
  starting: Record<string, boolean>
  /** Bumped to scroll the log to its end and focus it. */
  logReveal: number
}

export const useBuilds = create<BuildsState>()(() => ({
  status: null,
  unavailable: null,
  configs: null,
  records: {},
  logs: {},
  shown: null,
  tab: 'log',
  editing: null,
  picker: null,
  starting: {},
  logReveal: 0,
}))

/** Builds of a configuration (or all), newest first. */
export function historyOf(records: Record<string, BuildRecord>, config?: string): BuildRecord[] {
  return Object.values(records)
    .filter((r) => config === undefined || r.config === config)
    .sort((a, b) => b.startedAt - a.startedAt)
}

export const latestOf = (records: Record<string, BuildRecord>, config: string): BuildRecord | null => historyOf(records, config)[0] ?? null

export const runningBuilds = (records: Record<string, BuildRecord>): BuildRecord[] => Object.values(records).filter((r) => r.state === 'running')

export const isBuilding = (): boolean => runningBuilds(useBuilds.getState().records).length > 0

/** The previous successful build of the same configuration, for "what changed". */
export function previousSuccess(records: Record<string, BuildRecord>, r: BuildRecord): BuildRecord | null {
  return historyOf(records, r.config).find((o) => o.state === 'succeeded' && o.startedAt < r.startedAt) ?? null
}

/** Builds this page saw start: their whole log came as events. */
const streamed = new Set<string>()

function onRecord(r: BuildRecord): void {
  useBuilds.setState((s) => {
    const fresh = !s.records[r.id]
    if (fresh && r.state === 'running') streamed.add(r.id)
    const shownRec = s.shown ? s.records[s.shown] : undefined
    // A new build takes the Build tab unless the one shown is still running.
    const shown = fresh && r.state !== 'skipped' && shownRec?.state !== 'running' ? r.id : (s.shown ?? r.id)
    return { records: { ...s.records, [r.id]: r }, shown }
  })
  if (r.state === 'skipped') notify('info', `${r.config} is up to date: nothing changed since its last good build, so the build was skipped.`, [{ label: 'Force Rebuild', run: () => void startBuild(r.config, { force: true }) }])
}

function onLog({ buildId, data }: { buildId: string; data: string }): void {
  useBuilds.setState((s) => {
    const logs = { ...s.logs, [buildId]: appendLog(s.logs[buildId] ?? emptyLog(), data) }
    const ids = Object.keys(logs)
    if (ids.length > MAX_LOGS) {
      const keep = new Set([s.shown, buildId, ...historyOf(s.records).slice(0, MAX_LOGS - 2).map((r) => r.id)])
      for (const id of ids) if (!keep.has(id)) delete logs[id]
    }
    return { logs }
  })
}

/** Reads status, configurations and history afresh (a folder opened, a save, the Refresh button). */
export async function refreshBuilds(): Promise<void> {
  const [status, configs, history] = await Promise.all([api.call('juliac:status', {}), api.call('juliac:configs', {}), api.call('juliac:history', {})])
  const firstError = [status, configs, history].find((r) => !r.ok)
  useBuilds.setState((s) => ({
    status: status.ok ? status.value : s.status,
    configs: configs.ok ? configs.value : null,
    unavailable: firstError && !firstError.ok ? firstError.message : null,
    records: history.ok ? { ...Object.fromEntries(history.value.map((r) => [r.id, r])), ...liveOnly(s.records, history.value) } : s.records,
  }))
  const s = useBuilds.getState()
  if (!s.shown) {
    const last = historyOf(s.records).find((r) => r.state !== 'skipped')
    if (last) useBuilds.setState({ shown: last.id })
  }
}

/** Records seen by event that the history answer does not have yet (a build that just started). */
const liveOnly = (records: Record<string, BuildRecord>, history: BuildRecord[]): Record<string, BuildRecord> => {
  const known = new Set(history.map((r) => r.id))
  return Object.fromEntries(Object.entries(records).filter(([id, r]) => !known.has(id) && r.state === 'running'))
}

let wired = false
/** Subscribes to the juliac events and to folder changes; once per page. */
export function wireBuilds(): void {
  if (wired) return
  wired = true
  api.on('juliac:build', onRecord)
  api.on('juliac:log', onLog)
  let root = useWorkspace.getState().info?.root ?? null
  useWorkspace.subscribe((w) => {
    const next = w.info?.root ?? null
    if (next === root) return
    root = next
    useBuilds.setState({ records: {}, logs: {}, shown: null, editing: null, configs: null })
    if (next) void refreshBuilds()
  })
  if (root) void refreshBuilds()
  else void api.call('juliac:status', {}).then((r) => useBuilds.setState(r.ok ? { status: r.value } : { unavailable: r.message }))
}

/** Brings the bottom panel's Build tab into view on a sub-view. */
/** The Artifacts view's two columns need more height than a log: the panel grows to this if smaller. */
const ARTIFACTS_HEIGHT = 380

export function showBuildTab(tab?: BuildTab): void {
  const layout = useLayout.getState()
  const room = window.innerHeight - 260
  layout.set({ panelVisible: true, ...(tab === 'artifacts' && layout.panelHeight < ARTIFACTS_HEIGHT ? { panelHeight: Math.max(layout.panelHeight, Math.min(ARTIFACTS_HEIGHT, room)) } : {}) })
  useJulia.setState({ bottomTab: 'build' })
  useBuilds.setState((s) => ({ tab: tab ?? s.tab, logReveal: s.logReveal + 1 }))
}

export function showBuild(id: string, tab?: BuildTab): void {
  useBuilds.setState({ shown: id })
  void ensureLog(id)
  showBuildTab(tab)
}

/**
 * Loads a build's log from main when this page did not see all of it stream (a finished build, or
 * one that started before the page loaded). Events and answers share one ordered channel, so the
 * answer holds every chunk that arrived before it: it replaces what is here.
 */
export async function ensureLog(id: string): Promise<void> {
  const s = useBuilds.getState()
  if (streamed.has(id) || (s.logs[id] && s.records[id]?.state !== 'running')) return
  const r = await api.call('juliac:log', { buildId: id })
  if (!r.ok) return
  const buf = { ...appendLog(emptyLog(), r.value.text), truncated: r.value.truncated }
  useBuilds.setState((st) => ({ logs: { ...st.logs, [id]: buf } }))
}

export async function startBuild(config: string, opts: { force?: boolean; trim?: BuildTrim } = {}): Promise<boolean> {
  useBuilds.setState((s) => ({ starting: { ...s.starting, [config]: true } }))
  const r = await api.call('juliac:build', { config, force: opts.force ?? false, ...(opts.trim ? { trim: opts.trim } : {}) })
  useBuilds.setState((s) => ({ starting: { ...s.starting, [config]: false } }))
  if (!r.ok) {
    notify('error', `Build ${config}: ${r.message}`)
    return false
  }
  const rec = useBuilds.getState().records[r.value.buildId]
  if (rec?.state !== 'skipped') {
    useBuilds.setState({ shown: r.value.buildId })
    showBuildTab('log')
  }
  return true
}

export async function cancelBuild(id?: string): Promise<void> {
  const target = id ?? runningBuilds(useBuilds.getState().records)[0]?.id
  if (!target) return
  const r = await api.call('juliac:cancel', { buildId: target })
  if (!r.ok) notify('error', `Cancel build: ${r.message}`)
}

/** Writes the configurations; on refusal nothing changes here and the caller keeps the form. */
export async function saveConfigs(configs: BuildConfig[]): Promise<Result<BuildConfigs>> {
  const r = await api.call('juliac:saveConfigs', { configs })
  if (r.ok) useBuilds.setState({ configs: r.value })
  return r
}

/**
 * A new app from the template, in its own folder with its own `.kiln/builds.json`: offers to open
 * that folder (where its configuration applies), then opens the entry file.
 */
export async function newProject(name: string, folder = ''): Promise<boolean> {
  const r = await api.call('juliac:newProject', { name, folder })
  if (!r.ok) {
    notify('error', `New Julia App: ${r.message}`)
    return false
  }
  const dir = r.value.path.replace(/\/$/, '')
  const source = `src/${moduleNameFor(name)}.jl`
  const root = useWorkspace.getState().info?.root
  const answer = await ask({
    title: `Created ${dir}/. Open it as the folder?`,
    message: `Its build configuration (${dir}/.kiln/builds.json) applies when ${dir}/ is the open folder.`,
    buttons: [
      { action: 'open', label: 'Open Folder', primary: true },
      { action: 'stay', label: 'Stay Here' },
    ],
    cancelAction: 'stay',
  })
  if (answer === 'open' && root) {
    await openFolder(`${root.replace(/\/$/, '')}/${dir}`)
    if (useWorkspace.getState().info?.root.endsWith(`/${dir}`)) await openFile(source)
  } else await openFile(`${dir}/${source}`)
  useLayout.getState().showView('builds')
  return true
}

export async function packageBuild(buildId: string, version: string) {
  const r = await api.call('juliac:package', { buildId, version })
  if (!r.ok) notify('error', `Package: ${r.message}`)
  return r.ok ? r.value : null
}

export async function generateFile(config: string, kind: 'github' | 'docker'): Promise<void> {
  const r = await api.call('juliac:generate', { config, kind })
  if (!r.ok) return void notify('error', `Generate ${kind === 'github' ? 'workflow' : 'Dockerfile'}: ${r.message}`)
  await openFile(r.value.path)
}
