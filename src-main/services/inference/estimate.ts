// The memory estimate the server panel shows before a load: a model's header and the load options
// against the free memory read now (free-memory.ts), planned by memory-plan.ts.
import type { MemoryEstimate } from '../../../src-preload/contract'
import type { FreeMemoryReading } from './free-memory'
import type { GgufSummary } from './gguf/summary'
import { modelShape, planMemory, type FreeMemory } from './memory-plan'

/**
 * The estimate, or in words why there is none (a header without the model's shape).
 * `gpuLayers` -1 means all. Parallel slots share the one context in llama-server (each slot gets
 * -c / -np tokens), so the KV cache does not grow with them.
 */
export function estimateFor(
  summary: GgufSummary,
  opts: { contextSize: number; gpuLayers: number; parallel?: number },
  free: FreeMemoryReading,
): MemoryEstimate | string {
  const shape = modelShape(summary)
  if (typeof shape === 'string') return `no memory estimate for this model: ${shape}`
  const plan = planMemory({
    shape,
    context: opts.contextSize,
    gpuLayers: opts.gpuLayers < 0 ? shape.layers : opts.gpuLayers,
    free: toFree(free),
  })
  const { kvType: _, ...estimate } = plan
  return estimate
}

/** The GPU llama.cpp would offload to: the one with the most room (the APU counts its GTT). */
export function toFree(r: FreeMemoryReading): FreeMemory {
  const room = (g: FreeMemoryReading['gpus'][number]): number =>
    Math.max(0, g.vramTotal - g.vramUsed) + (g.apu ? Math.min(Math.max(0, g.gttTotal - g.gttUsed), r.ramAvailable) : 0)
  const best = [...r.gpus].sort((a, b) => room(b) - room(a))[0]
  if (best === undefined) return { ramFree: r.ramAvailable }
  return {
    ramFree: r.ramAvailable,
    vramFree: Math.max(0, best.vramTotal - best.vramUsed),
    gttFree: Math.max(0, best.gttTotal - best.gttUsed),
    apu: best.apu,
  }
}

/**
 * Counts the memory a running server holds (its own estimate) as free again, in place: estimating
 * the running model, or another to replace it, must not count it twice (a restart frees it first).
 */
export function countAsFree(free: FreeMemoryReading, held: MemoryEstimate): void {
  free.ramAvailable += held.ram.needed
  const gpu = held.gpu?.needed ?? 0
  for (const g of free.gpus) {
    if (g.apu) g.gttUsed = Math.max(0, g.gttUsed - gpu)
    else g.vramUsed = Math.max(0, g.vramUsed - gpu)
  }
}
