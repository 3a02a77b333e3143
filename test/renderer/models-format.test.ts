// The Models view's pure parts: parameter counts and speeds as model cards write them, the
// status bar item's words, the memory bar's segments against free memory, and the load options'
// checks (context past the trained one, integer fields).
import { describe, expect, it } from 'vitest'
import type { InferenceStatus, MemoryEstimate } from '../../src-preload/contract'
import {
  contextLabel,
  contextWarning,
  estimateTone,
  formatParams,
  formatTimings,
  formatTokPerSec,
  gpuLayersHint,
  memoryBars,
  modelBaseName,
  modelError,
  parseIntField,
  runningName,
  stateText,
  statusItemView,
} from '../../src-renderer/panels/models/models-format'

const GB = 2 ** 30

const status = (patch: Partial<InferenceStatus>): InferenceStatus => ({
  state: 'stopped',
  engine: 'embedded',
  command: null,
  model: null,
  options: { contextSize: 8192, gpuLayers: -1, flashAttention: 'auto', parallel: 1, threads: 0 },
  url: null,
  pid: null,
  progress: null,
  message: null,
  restarts: 0,
  loadMs: null,
  timings: null,
  slots: [],
  llamaServerPath: null,
  ...patch,
})

const estimate = (patch: Partial<MemoryEstimate>): MemoryEstimate => ({
  context: 8192,
  gpuLayers: 0,
  weightsBytes: 16 * GB,
  kvBytes: 3 * GB,
  computeBytes: 1 * GB,
  totalBytes: 20 * GB,
  ram: { needed: 20 * GB, free: 100 * GB },
  gpu: null,
  fits: true,
  warning: null,
  ...patch,
})

describe('numbers', () => {
  it('writes parameter counts with three significant digits and the unit a model card uses', () => {
    expect(formatParams(30_532_122_624)).toBe('30.5 B')
    expect(formatParams(7_615_616_512)).toBe('7.62 B')
    expect(formatParams(135_000_000)).toBe('135 M')
    expect(formatParams(98_304)).toBe('98.3 K')
    expect(formatParams(999_990_000)).toBe('1.00 B')
    expect(formatParams(0)).toBe('—')
  })

  it('writes speeds and the timings line, with cached tokens only when some were reused', () => {
    expect(formatTokPerSec(812.4)).toBe('812 tok/s')
    expect(formatTokPerSec(74.31)).toBe('74.3 tok/s')
    expect(formatTokPerSec(5.214)).toBe('5.21 tok/s')
    const t = { promptN: 20, promptMs: 24.6, promptPerSecond: 812, predictedN: 64, predictedMs: 861, predictedPerSecond: 74.3, cacheN: 120 }
    expect(formatTimings(t)).toBe('prompt 812 tok/s · generation 74.3 tok/s · cached 120')
    expect(formatTimings({ ...t, cacheN: 0 })).toBe('prompt 812 tok/s · generation 74.3 tok/s')
    expect(formatTimings(null)).toBe('')
  })

  it('labels context presets and names a model by its file when nothing better is known', () => {
    expect([4096, 8192, 32768, 131072, 1 << 20].map(contextLabel)).toEqual(['4k', '8k', '32k', '128k', '1M'])
    expect(modelBaseName('/models/Qwen3-Coder-30B-A3B-Q4_K_M.gguf')).toBe('Qwen3-Coder-30B-A3B-Q4_K_M')
  })
})

describe('state words', () => {
  it('says how far loading is, or that it is loading when the engine does not say', () => {
    expect(stateText({ state: 'loading', progress: 0.427 })).toBe('loading 42%')
    expect(stateText({ state: 'loading', progress: null })).toBe('loading…')
    expect(stateText({ state: 'ready', progress: null })).toBe('ready')
  })

  it('shows the model and its state in the status bar, and a subtle "No model" otherwise', () => {
    const model = { path: '/m/kiln-tiny.gguf', name: 'kiln-tiny-llama' }
    const ready = statusItemView(status({ state: 'ready', model, url: 'http://127.0.0.1:41234', timings: { promptN: 1, promptMs: 1, promptPerSecond: 812, predictedN: 1, predictedMs: 1, predictedPerSecond: 74.3, cacheN: 0 } }), '', null)
    expect(ready).toMatchObject({ text: 'kiln-tiny-llama · ready', tone: 'ok' })
    expect(ready.title).toContain('http://127.0.0.1:41234')
    expect(ready.title).toContain('generation 74.3 tok/s')
    expect(statusItemView(status({ state: 'loading', progress: 0.42, model }), '', null)).toMatchObject({ text: 'kiln-tiny-llama · loading 42%', tone: 'busy' })
    expect(statusItemView(status({ state: 'crashed', model, message: 'exited with signal SIGKILL' }), '', null)).toMatchObject({ text: 'kiln-tiny-llama · model crashed', tone: 'bad' })
    // Stopped: the model last started (the inference.model setting), else "No model".
    expect(statusItemView(status({}), '/m/qwen-7b.gguf', null)).toMatchObject({ text: 'qwen-7b · stopped', tone: 'muted' })
    expect(statusItemView(status({}), '', null)).toMatchObject({ text: 'No model', tone: 'muted' })
    // No inference service answered: still findable, with the reason in the tooltip.
    const none = statusItemView(null, '', 'Unknown channel inference:status')
    expect(none).toMatchObject({ text: 'No model', tone: 'muted' })
    expect(none.title).toContain('Unknown channel inference:status')
  })
})

describe('memory bar', () => {
  it('splits what RAM needs into weights | KV cache | compute against what is free', () => {
    const [ram] = memoryBars(estimate({}))
    expect(ram.pool).toBe('RAM')
    expect(ram.tone).toBe('ok')
    expect(ram.segments.map((s) => s.part)).toEqual(['weights', 'kv', 'compute'])
    // The bar spans the free memory: 20 of 100 GB used.
    expect(ram.segments.reduce((a, s) => a + s.width, 0)).toBeCloseTo(0.2)
    expect(ram.segments[0].width).toBeCloseTo(0.16)
    expect(ram.freeAt).toBe(1)
    expect(estimateTone(estimate({}))).toBe('ok')
  })

  it('overflows the free mark in red when the model will not fit', () => {
    const e = estimate({ ram: { needed: 20 * GB, free: 12 * GB }, fits: false, warning: 'Will not fit: …' })
    const [ram] = memoryBars(e)
    expect(ram.tone).toBe('over')
    expect(ram.segments.reduce((a, s) => a + s.width, 0)).toBeCloseTo(1)
    expect(ram.freeAt).toBeCloseTo(0.6)
    expect(estimateTone(e)).toBe('over')
  })

  it('is amber when the load fits but leaves little room, or main has a doubt', () => {
    expect(estimateTone(estimate({ ram: { needed: 20 * GB, free: 21 * GB } }))).toBe('tight')
    expect(estimateTone(estimate({ warning: 'Note: the context of 65536 tokens is longer than the model was trained for (32768).' }))).toBe('tight')
  })

  it('puts the offloaded share on a GPU bar, first, when layers are offloaded', () => {
    const e = estimate({ gpuLayers: 48, ram: { needed: 0, free: 60 * GB }, gpu: { needed: 20 * GB, free: 96 * GB } })
    const bars = memoryBars(e)
    expect(bars.map((b) => b.pool)).toEqual(['GPU', 'RAM'])
    expect(bars[0].segments.reduce((a, s) => a + s.bytes, 0)).toBeCloseTo(20 * GB)
    expect(bars[1].segments.every((s) => s.width === 0)).toBe(true)
  })
})

describe('load options', () => {
  it('warns when the context passes the trained one, and only then', () => {
    expect(contextWarning(32768, 8192)).toMatch(/trained for \(8,192 tokens\)/)
    expect(contextWarning(8192, 8192)).toBeNull()
    expect(contextWarning(8192, null)).toBeNull()
  })

  it('says what a GPU layer count means', () => {
    expect(gpuLayersHint(-1, 48)).toBe('all 48 layers on the GPU')
    expect(gpuLayersHint(0, 48)).toBe('CPU only')
    expect(gpuLayersHint(20, 48)).toBe('20 of 48 layers on the GPU')
    expect(gpuLayersHint(99, 48)).toBe('all 48 layers on the GPU')
    expect(gpuLayersHint(-1, 48, true)).toBe('no GPU found: the CPU runs every layer')
    expect(gpuLayersHint(0, 48, true)).toBe('CPU only')
  })

  it('accepts only whole numbers in range', () => {
    expect(parseIntField(' 8192 ', 64, 4_194_304)).toBe(8192)
    expect(parseIntField('-1', -1, 9999)).toBe(-1)
    expect(parseIntField('32', 64, 100)).toBeNull()
    expect(parseIntField('8k', 64, 100_000)).toBeNull()
    expect(parseIntField('', 0, 10)).toBeNull()
    expect(parseIntField('1.5', 0, 10)).toBeNull()
  })
})

describe('model errors', () => {
  it('drops the path the list already shows from a header error', () => {
    const path = '/m/broken.gguf'
    expect(modelError({ path, error: `${path}: not a valid GGUF file: truncated` })).toBe('not a valid GGUF file: truncated')
    expect(modelError({ path, error: 'permission denied' })).toBe('permission denied')
    expect(modelError({ path, error: null })).toBeNull()
  })
})

describe('running model name', () => {
  it('prefers the name the library read from the header over the one in the status', () => {
    const library = [{ path: '/m/kiln-tiny.gguf', name: 'kiln-tiny-llama', error: null }]
    expect(runningName({ path: '/m/kiln-tiny.gguf', name: 'kiln-tiny.gguf' }, library)).toBe('kiln-tiny-llama')
    expect(runningName({ path: '/m/other.gguf', name: 'other' }, library)).toBe('other')
    expect(runningName(null, library)).toBeNull()
    expect(statusItemView(status({ model: { path: '/m/kiln-tiny.gguf', name: 'kiln-tiny.gguf' } }), '', null, library).text).toBe('kiln-tiny-llama · stopped')
    expect(statusItemView(status({}), '/m/kiln-tiny.gguf', null, library).text).toBe('kiln-tiny-llama · stopped')
  })
})
