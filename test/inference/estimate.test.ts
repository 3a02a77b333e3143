// The load estimate from a model header and a free-memory reading: a Qwen3-Coder-30B-A3B Q4_K_M
// shape on the reference APU, on a discrete card, on the CPU, and a header it cannot size.
import { describe, expect, it } from 'vitest'
import { countAsFree, estimateFor } from '../../src-main/services/inference/estimate'
import type { FreeMemoryReading } from '../../src-main/services/inference/free-memory'
import { summarizeGguf, type GgufSummary } from '../../src-main/services/inference/gguf/summary'
import type { GgufFile } from '../../src-main/services/inference/gguf/read'
import { gstr, gu32 } from '../../src-main/services/inference/gguf/write'
import { COMPUTE_ALLOWANCE } from '../../src-main/services/inference/memory-plan'

const GiB = 2 ** 30
const WEIGHTS = Math.round(17.3 * GiB)
const file = (keys: [string, ReturnType<typeof gu32>][]): GgufFile => ({
  path: 'qwen3-coder-30b-a3b-Q4_K_M.gguf', fileSize: WEIGHTS, version: 3, alignment: 32, dataOffset: 0, tensors: [],
  metadata: new Map([['general.architecture', gstr('qwen3moe')], ...keys]),
})
const qwen: GgufSummary = {
  ...summarizeGguf(file([
    ['qwen3moe.block_count', gu32(48)],
    ['qwen3moe.context_length', gu32(262144)],
    ['qwen3moe.embedding_length', gu32(2048)],
    ['qwen3moe.attention.head_count', gu32(32)],
    ['qwen3moe.attention.head_count_kv', gu32(4)],
    ['qwen3moe.attention.key_length', gu32(128)],
    ['qwen3moe.attention.value_length', gu32(128)],
  ])),
  weightsBytes: WEIGHTS,
}
const KV_32K = 48 * 32768 * 4 * 128 * 2 * 2 // layers × ctx × KV heads × head dim × (K + V) × f16

const halo = (ramAvailable: number, gttUsed = 0): FreeMemoryReading => ({
  ramTotal: 124.5 * GiB, ramAvailable,
  gpus: [{ card: 'card1', vramTotal: 0.5 * GiB, vramUsed: 0.25 * GiB, gttTotal: 124 * GiB, gttUsed, apu: true }],
})

describe('estimateFor', () => {
  it('a 30B-A3B Q4_K_M at 32k on the reference APU: 3 GiB of KV cache, fits, counted in RAM once', () => {
    expect(KV_32K).toBe(3 * GiB)
    const e = estimateFor(qwen, { contextSize: 32768, gpuLayers: -1, parallel: 4 }, halo(100 * GiB))
    expect(e).toEqual({
      context: 32768, gpuLayers: 48, weightsBytes: WEIGHTS, kvBytes: 3 * GiB, computeBytes: COMPUTE_ALLOWANCE,
      totalBytes: WEIGHTS + 3 * GiB + COMPUTE_ALLOWANCE,
      ram: { needed: WEIGHTS + 3 * GiB + COMPUTE_ALLOWANCE - 0.25 * GiB, free: 100 * GiB },
      gpu: { needed: WEIGHTS + 3 * GiB + COMPUTE_ALLOWANCE, free: 100.25 * GiB },
      fits: true, warning: null,
    })
  })

  it('parallel slots share the context: the KV cache does not grow with them', () => {
    const one = estimateFor(qwen, { contextSize: 32768, gpuLayers: -1, parallel: 1 }, halo(100 * GiB))
    const eight = estimateFor(qwen, { contextSize: 32768, gpuLayers: -1, parallel: 8 }, halo(100 * GiB))
    expect(eight).toEqual(one)
  })

  it('on the APU with little free, warns in words with the KV cache and the context', () => {
    const e = estimateFor(qwen, { contextSize: 131072, gpuLayers: -1 }, halo(14 * GiB))
    expect(e).toMatchObject({ fits: false, kvBytes: 12 * GiB })
    expect((e as { warning: string }).warning).toBe(
      "Will not fit: it needs 29.5 GiB of system memory (on this APU the GPU's memory is system RAM), but only 14.0 GiB is free (weights 17.3 GiB, KV cache 12.0 GiB for 131072 tokens at f16, compute 0.5 GiB). Try closing other programs, a smaller context, a q8_0 KV cache, a smaller quantization.",
    )
  })

  it('on a discrete card puts the offloaded share in VRAM and the rest in RAM', () => {
    const card: FreeMemoryReading = { ramTotal: 64 * GiB, ramAvailable: 48 * GiB, gpus: [{ card: 'card0', vramTotal: 24 * GiB, vramUsed: 2 * GiB, gttTotal: 32 * GiB, gttUsed: 0, apu: false }] }
    const e = estimateFor(qwen, { contextSize: 32768, gpuLayers: 24 }, card)
    if (typeof e === 'string') throw new Error(e)
    expect(e.gpu).toEqual({ needed: Math.ceil((WEIGHTS + 3 * GiB) / 2) + COMPUTE_ALLOWANCE, free: 22 * GiB })
    expect(e.ram).toEqual({ needed: e.totalBytes - e.gpu!.needed, free: 48 * GiB })
    expect(e.fits).toBe(true)
  })

  it('without a GPU keeps everything in RAM; gpuLayers 0 too', () => {
    const cpu: FreeMemoryReading = { ramTotal: 32 * GiB, ramAvailable: 24 * GiB, gpus: [] }
    expect(estimateFor(qwen, { contextSize: 32768, gpuLayers: -1 }, cpu)).toMatchObject({ gpuLayers: 0, gpu: null, fits: true })
    expect(estimateFor(qwen, { contextSize: 8192, gpuLayers: 0 }, halo(100 * GiB))).toMatchObject({ gpuLayers: 0, gpu: null, kvBytes: 0.75 * GiB })
  })

  it('counts the running model as free when estimating a replacement: a 100 GiB model at 32k fits in place of itself', () => {
    const big: GgufSummary = { ...qwen, weightsBytes: 100 * GiB }
    const running = estimateFor(big, { contextSize: 32768, gpuLayers: -1 }, halo(110 * GiB))
    if (typeof running === 'string') throw new Error(running)
    expect(running.fits).toBe(true)
    // Loaded: the APU's GTT and available RAM now reflect it.
    const now = halo(110 * GiB - running.ram.needed, running.gpu!.needed)
    expect(estimateFor(big, { contextSize: 32768, gpuLayers: -1 }, now)).toMatchObject({ fits: false })
    countAsFree(now, running)
    expect(now).toEqual(halo(110 * GiB, 0))
    expect(estimateFor(big, { contextSize: 32768, gpuLayers: -1 }, now)).toMatchObject({ fits: true })
  })

  it('says why when the header lacks the model shape', () => {
    expect(estimateFor(summarizeGguf(file([])), { contextSize: 4096, gpuLayers: -1 }, halo(100 * GiB))).toBe('no memory estimate for this model: qwen3moe.block_count is missing')
  })
})
