// Words and numbers for the Models view and its status bar item: parameter counts, speeds, states,
// and the memory estimate as bar segments. Pure, so the rules are tested without a DOM.
import type { InferenceStatus, InferenceTimings, MemoryEstimate, ModelFolderSource } from '../../../src-preload/contract'
import { formatBytes } from '../builds/builds-format'

export { formatBytes }

/** Three significant digits, as model cards write them: `30.5 B`, `7.62 B`, `135 M`, `98.3 K`. */
export function formatParams(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n <= 0) return '—'
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ]
  for (const [size, unit] of units) {
    // Rounding 999.96 M to "1000 M" reads worse than "1.00 B".
    if (n >= size * 0.9995) return `${sig3(n / size)} ${unit}`
  }
  return String(Math.round(n))
}

const sig3 = (v: number): string => (v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2))

/** `812 tok/s`, `74.3 tok/s`, `5.21 tok/s`. */
export function formatTokPerSec(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v) || v < 0) return '—'
  return `${sig3(v)} tok/s`
}

/** Token counts with thousands separators: `262,144`. */
export const formatTokens = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString('en'))

/** `840 ms`, `2.4 s`, `1 min 5 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/** "prompt 812 tok/s · generation 74.3 tok/s · cached 120" (cached only when some were). */
export function formatTimings(t: InferenceTimings | null | undefined): string {
  if (!t) return ''
  const parts = [`prompt ${formatTokPerSec(t.promptPerSecond)}`, `generation ${formatTokPerSec(t.predictedPerSecond)}`]
  if (t.cacheN > 0) parts.push(`cached ${formatTokens(t.cacheN)}`)
  return parts.join(' · ')
}

export const SOURCE_LABEL: Record<ModelFolderSource, string> = {
  setting: 'Setting',
  lmstudio: 'LM Studio',
  'llama.cpp': 'llama.cpp cache',
  huggingface: 'Hugging Face cache',
}

/** The state as a short phrase: "loading 42%", "loading…", "ready". */
export function stateText(status: Pick<InferenceStatus, 'state' | 'progress'>): string {
  if (status.state === 'loading') return status.progress === null ? 'loading…' : `loading ${Math.floor(clamp01(status.progress) * 100)}%`
  if (status.state === 'starting') return 'starting…'
  return status.state
}

export const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0)

/** The base name of a path, without `.gguf`: what names a model when nothing better is known. */
export function modelBaseName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path
  return base.replace(/\.gguf$/i, '')
}

/** A model's header error without the path the row already shows ("/m/x.gguf: not a valid…"). */
export function modelError(m: { path: string; error: string | null }): string | null {
  if (m.error === null) return null
  return m.error.startsWith(`${m.path}: `) ? m.error.slice(m.path.length + 2) : m.error
}

/** The name the library reads from the model's header, else the name the status gives. */
export function runningName(model: { path: string; name: string } | null | undefined, library: readonly { path: string; name: string; error: string | null }[] | undefined): string | null {
  if (!model) return null
  const entry = library?.find((m) => m.path === model.path && m.error === null)
  return entry?.name ?? model.name
}

export type StatusItemView = { text: string; tone: 'muted' | 'busy' | 'ok' | 'bad'; title: string }

/**
 * The status bar item: the model and its state ("kiln-tiny-llama · ready", "… · loading 42%",
 * "… · model crashed"), or a subtle "No model" so users find the view. `remembered` is the model last
 * started (the inference.model setting), for when the server is stopped.
 */
export function statusItemView(status: InferenceStatus | null, remembered: string, unavailable: string | null, library?: readonly { path: string; name: string; error: string | null }[]): StatusItemView {
  const name = runningName(status?.model, library) ?? (remembered ? (runningName({ path: remembered, name: modelBaseName(remembered) }, library) ?? null) : null)
  if (!status) return { text: 'No model', tone: 'muted', title: unavailable ? `Local model: ${unavailable}` : 'Local model: click to open Models' }
  const lines = [status.url ? `Server: ${status.url}` : null, formatTimings(status.timings) || null, status.message].filter((l): l is string => !!l)
  const title = [`Local model${name ? `: ${name}` : ''} (${stateText(status)})`, ...lines, 'Click to open Models'].join('\n')
  if (!name) return { text: 'No model', tone: 'muted', title }
  const state = status.state === 'crashed' ? 'model crashed' : status.state === 'failed' ? 'failed' : stateText(status)
  const tone = status.state === 'ready' ? 'ok' : status.state === 'starting' || status.state === 'loading' ? 'busy' : status.state === 'stopped' ? 'muted' : 'bad'
  return { text: `${name} · ${state}`, tone, title }
}

// ----- the memory estimate bar

export type MemoryPart = 'weights' | 'kv' | 'compute'
export type MemorySegment = { part: MemoryPart; bytes: number; /** Share of the bar's width, 0..1. */ width: number }
export type MemoryTone = 'ok' | 'tight' | 'over'
export type MemoryBarModel = {
  pool: 'RAM' | 'GPU'
  needed: number
  free: number
  segments: MemorySegment[]
  /** Where free memory ends on the bar, 0..1 (1 when the need is within it). */
  freeAt: number
  tone: MemoryTone
}

/** Above this share of free memory a load still fits but leaves the system little room. */
export const TIGHT_SHARE = 0.85

/**
 * One bar per memory pool: what the model needs there, split into weights | KV cache | compute in
 * the estimate's proportions, against what is free. The bar spans the larger of the two, so a load
 * that does not fit overflows the free mark visibly.
 */
export function memoryBars(e: MemoryEstimate): MemoryBarModel[] {
  const pools: MemoryBarModel[] = [bar('RAM', e.ram.needed, e.ram.free, e)]
  if (e.gpu) pools.unshift(bar('GPU', e.gpu.needed, e.gpu.free, e))
  return pools
}

function bar(pool: 'RAM' | 'GPU', needed: number, free: number, e: MemoryEstimate): MemoryBarModel {
  const span = Math.max(needed, free, 1)
  const total = e.weightsBytes + e.kvBytes + e.computeBytes
  const share = total > 0 ? needed / total : 0
  const segments: MemorySegment[] = (
    [
      ['weights', e.weightsBytes],
      ['kv', e.kvBytes],
      ['compute', e.computeBytes],
    ] as const
  ).map(([part, bytes]) => ({ part, bytes: bytes * share, width: (bytes * share) / span }))
  const tone: MemoryTone = needed > free ? 'over' : needed > free * TIGHT_SHARE ? 'tight' : 'ok'
  return { pool, needed, free, segments, freeAt: Math.min(1, free / span), tone }
}

/** The tone of the whole estimate: red when it will not fit, amber when tight or main has a doubt. */
export function estimateTone(e: MemoryEstimate): MemoryTone {
  if (!e.fits) return 'over'
  if (e.warning || memoryBars(e).some((b) => b.tone !== 'ok')) return 'tight'
  return 'ok'
}

// ----- load options

export const CONTEXT_PRESETS = [4096, 8192, 16384, 32768] as const

/** `4k`, `32k`, `131k`, `1M`: the preset buttons' labels. */
export function contextLabel(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)}M`
  if (n >= 1024) return `${Math.round(n / 1024)}k`
  return String(n)
}

/** A warning when the chosen context passes what the model was trained for; null otherwise. */
export function contextWarning(context: number, trained: number | null): string | null {
  if (trained === null || context <= trained) return null
  return `Longer than the model was trained for (${formatTokens(trained)} tokens): answers may degrade past that.`
}

/**
 * GPU layers in words: -1 all, 0 CPU only. `noGpu`: the estimate found no GPU to offload to, so
 * the layers asked for run on the CPU anyway (llama.cpp falls back the same way).
 */
export function gpuLayersHint(n: number, layers: number | null, noGpu = false): string {
  if (n !== 0 && noGpu) return 'no GPU found: the CPU runs every layer'
  if (n < 0) return layers ? `all ${layers} layers on the GPU` : 'all layers on the GPU'
  if (n === 0) return 'CPU only'
  if (layers !== null && n >= layers) return `all ${layers} layers on the GPU`
  return layers ? `${n} of ${layers} layers on the GPU` : `${n} layers on the GPU`
}

/** Parses an integer field; null when the text is not an integer within [min, max]. */
export function parseIntField(text: string, min: number, max: number): number | null {
  const t = text.trim()
  if (!/^-?\d+$/.test(t)) return null
  const n = Number(t)
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null
}
