// The Models state: the server's status (live from `inference:status`), the model library, the
// selected model and the load options being edited, the memory estimate for them, the server log
// (live from `inference:log`) and the "Try it" prompt. The actions behind the buttons and the palette
// commands live here, so the side view, the status bar and the palette act the same way. Every
// refused call keeps its message in the state, where the view shows it.
import { create } from 'zustand'
import type { InferenceLoadOptions, InferenceStatus, InferenceTimings, MemoryEstimate, ModelEntry, ModelLibrary, Result } from '../../../src-preload/contract'
import { api } from '../../api'
import { useLayout } from '../../store/layout'
import { useSettings } from '../../store/settings'
import { appendLog, emptyLog, type LogBuffer } from '../builds/log-model'

/** Lines of server log the view keeps (the oldest drop first). */
export const MAX_LOG_LINES = 2000
/** Load options settle for this long before the estimate is asked for again. */
export const ESTIMATE_DEBOUNCE_MS = 200
export const TRY_MAX_TOKENS = 64

export type ServerAction = 'start' | 'stop' | 'restart'
export type TryResult = { prompt: string; text: string; timings: InferenceTimings | null; firstTokenMs: number | null; totalMs: number }

interface ModelsState {
  status: InferenceStatus | null
  /** Why the status could not be read (e.g. no inference service in this host). */
  unavailable: string | null
  library: ModelLibrary | null
  libraryError: string | null
  scanning: boolean
  /** The selected model's path. */
  selected: string | null
  options: InferenceLoadOptions
  /** The user changed an option here: later status events no longer overwrite the form. */
  optionsEdited: boolean
  estimate: MemoryEstimate | null
  estimateError: string | null
  estimating: boolean
  log: LogBuffer
  logLoaded: boolean
  logError: string | null
  /** A start/stop/restart asked for and not answered yet. */
  action: ServerAction | null
  /** The last start/stop/restart that main refused, in its words. */
  actionError: string | null
  prompt: string
  trying: boolean
  tryResult: TryResult | null
  tryError: string | null
}

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d)

/** The inference.* settings as load options (before the service answers, or without one). */
export function optionsFromSettings(values: Record<string, string | number | boolean>): InferenceLoadOptions {
  const fa = values['inference.flashAttention']
  return {
    contextSize: num(values['inference.contextSize'], 8192),
    gpuLayers: num(values['inference.gpuLayers'], -1),
    flashAttention: fa === 'on' || fa === 'off' ? fa : 'auto',
    parallel: num(values['inference.parallel'], 1),
    threads: num(values['inference.threads'], 0),
  }
}

export const useModels = create<ModelsState>()(() => ({
  status: null,
  unavailable: null,
  library: null,
  libraryError: null,
  scanning: false,
  selected: null,
  options: optionsFromSettings(useSettings.getState().values),
  optionsEdited: false,
  estimate: null,
  estimateError: null,
  estimating: false,
  log: emptyLog(),
  logLoaded: false,
  logError: null,
  action: null,
  actionError: null,
  prompt: 'The capital of France is',
  trying: false,
  tryResult: null,
  tryError: null,
}))

export const selectedModel = (s: Pick<ModelsState, 'library' | 'selected'>): ModelEntry | null => s.library?.models.find((m) => m.path === s.selected) ?? null

/** The server runs or is on its way (stop and restart apply). */
export const isServerUp = (s: InferenceStatus | null): boolean => s !== null && (s.state === 'starting' || s.state === 'loading' || s.state === 'ready' || s.state === 'crashed')

const rememberedModel = (): string => {
  const v = useSettings.getState().values['inference.model']
  return typeof v === 'string' ? v : ''
}

/** The running model, else the one last started, else the first readable one, else the first. */
function defaultSelection(lib: ModelLibrary, status: InferenceStatus | null): string | null {
  const has = (p: string | undefined | null): p is string => !!p && lib.models.some((m) => m.path === p)
  if (has(status?.model?.path)) return status.model.path
  const remembered = rememberedModel()
  if (has(remembered)) return remembered
  return (lib.models.find((m) => m.error === null) ?? lib.models[0])?.path ?? null
}

function onStatus(status: InferenceStatus): void {
  const before = useModels.getState()
  const options = before.optionsEdited ? before.options : status.options
  useModels.setState({ status, unavailable: null, options, selected: before.selected ?? status.model?.path ?? null })
  const o = before.options
  if (before.library && (o.contextSize !== options.contextSize || o.gpuLayers !== options.gpuLayers)) requestEstimate()
}

export async function refreshStatus(): Promise<void> {
  const r = await api.call('inference:status', {})
  if (r.ok) onStatus(r.value)
  else useModels.setState({ unavailable: r.message })
}

/** Reads the library (`rescan` walks the folders again) and picks a model if none is chosen. */
export async function loadLibrary(rescan = false): Promise<void> {
  useModels.setState({ scanning: true })
  const r = await api.call('inference:models', { rescan })
  if (!r.ok) {
    useModels.setState({ scanning: false, libraryError: r.message })
    return
  }
  const s = useModels.getState()
  const keep = s.selected !== null && r.value.models.some((m) => m.path === s.selected)
  useModels.setState({ scanning: false, libraryError: null, library: r.value, selected: keep ? s.selected : defaultSelection(r.value, s.status) })
  if (useModels.getState().selected !== s.selected || !s.estimate) requestEstimate()
}

/** The log so far replaces what is here: events and answers share one ordered channel. */
export async function loadLog(): Promise<void> {
  const r = await api.call('inference:log', {})
  if (!r.ok) return void useModels.setState({ logError: r.message, logLoaded: true })
  const log = { ...appendLog(emptyLog(), r.value.text, MAX_LOG_LINES), truncated: r.value.truncated }
  useModels.setState({ log, logLoaded: true, logError: null })
}

let wired = false
/** Subscribes to the inference events and reads the status; once per page. */
export function wireModels(): void {
  if (wired) return
  wired = true
  api.on('inference:status', onStatus)
  api.on('inference:log', ({ data }) => useModels.setState((s) => ({ log: appendLog(s.log, data, MAX_LOG_LINES) })))
  void refreshStatus()
}

let viewLoaded = false
/** What only the view needs (the library scan, the log): read the first time the view is shown. */
export function loadViewData(): void {
  if (viewLoaded) return
  viewLoaded = true
  void loadLibrary(false)
  void loadLog()
}

export function showModels(): void {
  useLayout.getState().showView('models')
}

export function selectModel(path: string): void {
  if (useModels.getState().selected === path) return
  useModels.setState({ selected: path, estimate: null, estimateError: null })
  requestEstimate()
}

export function setOption<K extends keyof InferenceLoadOptions>(key: K, value: InferenceLoadOptions[K]): void {
  useModels.setState((s) => ({ options: { ...s.options, [key]: value }, optionsEdited: true }))
  requestEstimate()
}

let estimateTimer: ReturnType<typeof setTimeout> | undefined
let estimateSeq = 0

/** Asks for the estimate once the options have been still for ESTIMATE_DEBOUNCE_MS; older answers are dropped. */
export function requestEstimate(): void {
  clearTimeout(estimateTimer)
  estimateTimer = setTimeout(() => void estimateNow(), ESTIMATE_DEBOUNCE_MS)
}

async function estimateNow(): Promise<void> {
  const s = useModels.getState()
  const model = selectedModel(s)
  const seq = ++estimateSeq
  if (!model || model.error !== null) return void useModels.setState({ estimate: null, estimateError: null, estimating: false })
  useModels.setState({ estimating: true })
  const r = await api.call('inference:estimate', { path: model.path, contextSize: s.options.contextSize, gpuLayers: s.options.gpuLayers })
  if (seq !== estimateSeq) return
  useModels.setState(r.ok ? { estimate: r.value, estimateError: null, estimating: false } : { estimate: null, estimateError: r.message, estimating: false })
}

async function act(action: ServerAction, call: () => Promise<Result<InferenceStatus>>): Promise<boolean> {
  useModels.setState({ action, actionError: null })
  const r = await call()
  useModels.setState(r.ok ? { action: null } : { action: null, actionError: `Could not ${action} the server: ${r.message}` })
  if (r.ok) onStatus(r.value)
  return r.ok
}

/** Starts the server with the selected model and the options in the form. */
export function startServer(): Promise<boolean> {
  const s = useModels.getState()
  if (!s.selected) {
    useModels.setState({ actionError: 'Select a model first.' })
    return Promise.resolve(false)
  }
  const path = s.selected
  return act('start', () => api.call('inference:start', { path, ...s.options }))
}

export const stopServer = (): Promise<boolean> => act('stop', () => api.call('inference:stop', {}))
export const restartServer = (): Promise<boolean> => act('restart', () => api.call('inference:restart', {}))

/** A short completion through the running server: the text, first-token time and speed. */
export async function tryPrompt(): Promise<void> {
  const prompt = useModels.getState().prompt
  if (!prompt.trim()) return
  useModels.setState({ trying: true, tryError: null })
  const r = await api.call('inference:complete', { prompt, maxTokens: TRY_MAX_TOKENS })
  useModels.setState(r.ok ? { trying: false, tryResult: { ...r.value, prompt } } : { trying: false, tryError: r.message })
}
