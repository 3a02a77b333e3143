// Memory planning figures for known shapes, and the verdicts a user sees before a load.
import { describe, expect, it } from 'vitest'
import { kvCacheBytes, modelShape, planMemory, type ModelShape } from '../../src-main/services/inference/memory-plan'
import { summarizeGguf } from '../../src-main/services/inference/gguf/summary'
import type { GgufFile } from '../../src-main/services/inference/gguf/read'
import { gstr, gu32 } from '../../src-main/services/inference/gguf/write'

const GiB = 2 ** 30

// Qwen3-Coder-30B-A3B: 48 layers, 32 heads, 4 KV heads, head size 128 (key_length; embedding 2048 / 32
// would give 64), Q4_K_M weights about 17.3 GiB.
const qwenFile: GgufFile = {
  path: 'qwen.gguf', fileSize: 0, version: 3, alignment: 32, dataOffset: 0, tensors: [],
  metadata: new Map([
    ['general.architecture', gstr('qwen3moe')],
    ['qwen3moe.block_count', gu32(48)],
    ['qwen3moe.context_length', gu32(262144)],
    ['qwen3moe.embedding_length', gu32(2048)],
    ['qwen3moe.attention.head_count', gu32(32)],
    ['qwen3moe.attention.head_count_kv', gu32(4)],
    ['qwen3moe.attention.key_length', gu32(128)],
    ['qwen3moe.attention.value_length', gu32(128)],
  ]),
}
const qwen: ModelShape = { ...(modelShape(summarizeGguf(qwenFile)) as ModelShape), weightsBytes: Math.round(17.3 * GiB) }

describe('KV cache size', () => {
  it('is 3 GiB for a Qwen3-Coder-30B-A3B shape at 32k context, f16', () => {
    expect(qwen).toMatchObject({ layers: 48, kvHeads: 4, keyLength: 128, valueLength: 128, contextLength: 262144 })
    expect(kvCacheBytes(qwen, 32768, 'f16')).toBe(48 * 32768 * 4 * 128 * 2 * 2)
    expect(kvCacheBytes(qwen, 32768, 'f16')).toBe(3 * GiB)
    expect(kvCacheBytes(qwen, 32768, 'q8_0')).toBe(3 * GiB * 1.0625 / 2)
    expect(kvCacheBytes(qwen, 32768, 'q4_0')).toBe(3 * GiB * 0.5625 / 2)
  })

  it('takes the head size from embedding / heads when key_length is absent', () => {
    const s = summarizeGguf({ ...qwenFile, metadata: new Map([...qwenFile.metadata].filter(([k]) => !k.includes('_length') || k.includes('embedding') || k.includes('context'))) })
    expect(modelShape(s)).toMatchObject({ keyLength: 64, valueLength: 64 })
    expect(modelShape(summarizeGguf({ ...qwenFile, metadata: new Map() }))).toBe('?.block_count is missing')
  })
})

describe('fits or not', () => {
  it('fits a CPU-only load in 32 GiB of free RAM', () => {
    const plan = planMemory({ shape: qwen, context: 32768, free: { ramFree: 32 * GiB } })
    expect(plan).toMatchObject({ fits: true, warning: null, gpu: null, gpuLayers: 0, kvBytes: 3 * GiB })
    expect(plan.totalBytes).toBe(qwen.weightsBytes + 3 * GiB + plan.computeBytes)
    expect(plan.ram.needed).toBe(plan.totalBytes)
  })

  it('does not fit in 16 GiB of RAM, and says why in words', () => {
    const plan = planMemory({ shape: qwen, context: 32768, free: { ramFree: 16 * GiB } })
    expect(plan.fits).toBe(false)
    expect(plan.warning).toBe(
      'Will not fit: it needs 20.8 GiB of RAM, but only 16.0 GiB is free (weights 17.3 GiB, KV cache 3.0 GiB for 32768 tokens at f16, compute 0.5 GiB). Try closing other programs, a smaller context, a q8_0 KV cache, a smaller quantization.',
    )
  })

  it('splits weights and KV cache by the layers offloaded; a discrete GPU holds them in VRAM alone', () => {
    const plan = planMemory({ shape: qwen, context: 32768, gpuLayers: 24, free: { ramFree: 16 * GiB, vramFree: 12 * GiB, gttFree: 8 * GiB } })
    expect(plan.gpu).toEqual({ needed: Math.ceil((qwen.weightsBytes + 3 * GiB) / 2) + plan.computeBytes, free: 12 * GiB })
    expect(plan.ram.needed).toBe(plan.totalBytes - plan.gpu!.needed)
    expect(plan.fits).toBe(true)

    // GTT on a discrete card is system RAM the driver maps, not room for layers: 8 + 8 is not 16.
    const gtt = planMemory({ shape: qwen, context: 32768, gpuLayers: 24, free: { ramFree: 16 * GiB, vramFree: 8 * GiB, gttFree: 8 * GiB } })
    expect(gtt.fits).toBe(false)
    expect(gtt.warning).toMatch(/^Will not fit: it needs 10\.7 GiB of GPU memory for 24 of 48 layers, but only 8\.0 GiB is free /)

    const all = planMemory({ shape: qwen, context: 32768, gpuLayers: 999, free: { ramFree: 1 * GiB, vramFree: 8 * GiB } })
    expect(all.gpuLayers).toBe(48)
    expect(all.ram.needed).toBe(0)
    expect(all.fits).toBe(false)
    expect(all.warning).toMatch(/^Will not fit: it needs 20\.8 GiB of GPU memory for 48 of 48 layers, but only 8\.0 GiB is free .*fewer GPU layers/)
  })

  it('on an APU, GTT is system RAM: the model must fit in what is available, counted once', () => {
    // Strix Halo, 512 MiB carve-out, 124 GiB GTT: everything offloaded lands in system RAM.
    const halo = { vramFree: 0.5 * GiB, gttFree: 124 * GiB, apu: true }
    const plan = planMemory({ shape: qwen, context: 32768, gpuLayers: 999, free: { ramFree: 100 * GiB, ...halo } })
    expect(plan).toMatchObject({ fits: true, warning: null, gpuLayers: 48 })
    expect(plan.gpu).toEqual({ needed: plan.totalBytes, free: 100.5 * GiB })
    expect(plan.ram.needed).toBe(plan.totalBytes - 0.5 * GiB)

    // 16 GiB available: RAM + GTT would claim 140 GiB free; it is 16.5 GiB, and 20.8 GiB does not fit.
    const tight = planMemory({ shape: qwen, context: 32768, gpuLayers: 999, free: { ramFree: 16 * GiB, ...halo } })
    expect(tight.fits).toBe(false)
    expect(tight.gpu!.free).toBe(16.5 * GiB)
    expect(tight.warning).toBe(
      "Will not fit: it needs 20.3 GiB of system memory (on this APU the GPU's memory is system RAM), but only 16.0 GiB is free (weights 17.3 GiB, KV cache 3.0 GiB for 32768 tokens at f16, compute 0.5 GiB). Try closing other programs, a smaller context, a q8_0 KV cache, a smaller quantization.",
    )

    // A GTT limit below the model (the kernel's default half of RAM) stops it even with RAM to spare.
    const capped = planMemory({ shape: qwen, context: 32768, gpuLayers: 999, free: { ramFree: 100 * GiB, vramFree: 0.5 * GiB, gttFree: 15 * GiB, apu: true } })
    expect(capped.fits).toBe(false)
    expect(capped.warning).toMatch(/^Will not fit: it needs 20\.8 GiB of GPU memory for 48 of 48 layers, but the GPU may map only 15\.5 GiB \(VRAM carve-out and GTT\).*fewer GPU layers/)
  })

  it('with no GPU memory reported, keeps everything in RAM', () => {
    const plan = planMemory({ shape: qwen, context: 4096, gpuLayers: 48, free: { ramFree: 64 * GiB } })
    expect(plan).toMatchObject({ gpuLayers: 0, gpu: null, fits: true })
  })

  it('notes a context longer than the model was trained for', () => {
    const plan = planMemory({ shape: { ...qwen, contextLength: 8192 }, context: 16384, free: { ramFree: 64 * GiB } })
    expect(plan.fits).toBe(true)
    expect(plan.warning).toBe('Note: the context of 16384 tokens is longer than the model was trained for (8192).')
  })
})
