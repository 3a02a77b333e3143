// Will a model fit? Weights plus KV cache for the chosen context plus a compute allowance, split
// between RAM and GPU memory by the layers offloaded, against what is free. Pure arithmetic.
import type { GgufSummary } from './gguf/summary'
import type { MemoryEstimate } from '../../../src-preload/contract'

export type KvCacheType = 'f32' | 'f16' | 'bf16' | 'q8_0' | 'q4_0'

/** Bytes per element: q8_0 stores 32 values in 34 bytes, q4_0 in 18. */
export const KV_BYTES_PER_ELEMENT: Record<KvCacheType, number> = { f32: 4, f16: 2, bf16: 2, q8_0: 34 / 32, q4_0: 18 / 32 }

/** llama.cpp's compute buffers: a few hundred MB for a typical model and context. */
export const COMPUTE_ALLOWANCE = 512 * 2 ** 20

export type ModelShape = {
  weightsBytes: number
  layers: number
  kvHeads: number
  keyLength: number
  valueLength: number
  contextLength: number | null
}

/**
 * What is free now. A discrete GPU takes the offloaded layers in its VRAM (its GTT is system RAM the
 * driver maps, not room for weights). On an APU (`apu`) the GPU's memory beyond the small VRAM
 * carve-out is GTT, which is the same system RAM as `ramFree`: counted once, never added to it.
 */
export type FreeMemory = { ramFree: number; vramFree?: number; gttFree?: number; apu?: boolean }

export type MemoryPlanInput = {
  shape: ModelShape
  context: number
  kvType?: KvCacheType
  /** Layers offloaded to the GPU (llama-server's -ngl); more than the model has means all. */
  gpuLayers?: number
  free: FreeMemory
  computeBytes?: number
}

/** The estimate the contract carries (MemoryEstimate: on an APU, `gpu.needed` from GTT is also in
 * `ram.needed`, since GTT is system RAM), plus the KV cache type it assumed. */
export type MemoryPlan = MemoryEstimate & { kvType: KvCacheType }

/** The shape from a GGUF summary, or null naming the first key it lacks. */
export function modelShape(s: GgufSummary): ModelShape | string {
  const { blockCount: layers, headCount: heads, embeddingLength: embedding } = s
  if (layers === null) return `${s.architecture ?? '?'}.block_count is missing`
  if (heads === null || heads === 0) return `${s.architecture ?? '?'}.attention.head_count is missing`
  const headSize = embedding === null ? null : embedding / heads
  const keyLength = s.keyLength ?? headSize
  const valueLength = s.valueLength ?? keyLength
  if (keyLength === null || valueLength === null) return `${s.architecture ?? '?'}.embedding_length is missing`
  return { weightsBytes: s.weightsBytes, layers, kvHeads: s.headCountKv ?? heads, keyLength, valueLength, contextLength: s.contextLength }
}

/** layers × context × KV heads × (key + value head size) × bytes per element. */
export function kvCacheBytes(shape: ModelShape, context: number, kvType: KvCacheType = 'f16'): number {
  return Math.ceil(shape.layers * context * shape.kvHeads * (shape.keyLength + shape.valueLength) * KV_BYTES_PER_ELEMENT[kvType])
}

export function planMemory(input: MemoryPlanInput): MemoryPlan {
  const { shape, context, free } = input
  const kvType = input.kvType ?? 'f16'
  const apu = free.apu === true
  const vramFree = Math.max(0, free.vramFree ?? 0)
  const gttFree = Math.max(0, free.gttFree ?? 0)
  const hasGpu = free.vramFree !== undefined || (apu && free.gttFree !== undefined)
  const gpuLayers = hasGpu ? Math.max(0, Math.min(input.gpuLayers ?? 0, shape.layers)) : 0
  const share = shape.layers === 0 ? 0 : gpuLayers / shape.layers
  const kvBytes = kvCacheBytes(shape, context, kvType)
  const computeBytes = input.computeBytes ?? COMPUTE_ALLOWANCE
  // Offloaded layers take their weights and KV cache to the GPU; compute buffers go where the work is.
  const gpuNeeded = gpuLayers > 0 ? Math.ceil((shape.weightsBytes + kvBytes) * share) + computeBytes : 0
  const totalBytes = shape.weightsBytes + kvBytes + computeBytes
  const cpuNeeded = Math.max(0, totalBytes - gpuNeeded)
  // On an APU what does not fit the carve-out is GTT: system RAM, taken from the same MemAvailable.
  const fromGtt = apu ? Math.max(0, gpuNeeded - vramFree) : 0
  const ramNeeded = cpuNeeded + fromGtt
  const gpuFree = apu ? vramFree + Math.min(gttFree, free.ramFree) : vramFree
  const ramFits = ramNeeded <= free.ramFree
  const gpuFits = apu ? fromGtt <= gttFree : gpuNeeded <= vramFree
  const fits = ramFits && gpuFits

  const problems: string[] = []
  if (!gpuFits) {
    problems.push(
      apu
        ? `needs ${gib(gpuNeeded)} of GPU memory for ${gpuLayers} of ${shape.layers} layers, but the GPU may map only ${gib(vramFree + gttFree)} (VRAM carve-out and GTT)`
        : `needs ${gib(gpuNeeded)} of GPU memory for ${gpuLayers} of ${shape.layers} layers, but only ${gib(gpuFree)} is free`,
    )
  }
  if (!ramFits) {
    problems.push(
      apu && fromGtt > 0
        ? `needs ${gib(ramNeeded)} of system memory (on this APU the GPU's memory is system RAM), but only ${gib(free.ramFree)} is free`
        : `needs ${gib(ramNeeded)} of RAM, but only ${gib(free.ramFree)} is free`,
    )
  }
  const notes: string[] = []
  if (shape.contextLength !== null && context > shape.contextLength) notes.push(`the context of ${context} tokens is longer than the model was trained for (${shape.contextLength})`)
  let warning: string | null = null
  if (!fits) {
    const parts = `weights ${gib(shape.weightsBytes)}, KV cache ${gib(kvBytes)} for ${context} tokens at ${kvType}, compute ${gib(computeBytes)}`
    const tips = [
      !ramFits ? 'closing other programs' : null,
      'a smaller context',
      kvType === 'f16' || kvType === 'f32' || kvType === 'bf16' ? 'a q8_0 KV cache' : null,
      !gpuFits ? 'fewer GPU layers' : null,
      'a smaller quantization',
    ]
    warning = `Will not fit: it ${problems.join(' and ')} (${parts}). Try ${tips.filter((t) => t !== null).join(', ')}.`
  }
  if (notes.length > 0) warning = [warning, `Note: ${notes.join('; ')}.`].filter((w) => w !== null).join(' ')

  return {
    context, kvType, gpuLayers, weightsBytes: shape.weightsBytes, kvBytes, computeBytes, totalBytes,
    ram: { needed: ramNeeded, free: free.ramFree },
    gpu: gpuLayers > 0 ? { needed: gpuNeeded, free: gpuFree } : null,
    fits, warning,
  }
}

export const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`
