// Headroom: the memory a model (weights + KV cache) could still get now. The rule is the load
// estimate's (inference/estimate.ts toFree and memory-plan.ts): on an APU the GPU's GTT is system
// RAM, so it is counted once (the carve-out plus what GTT can still map, bounded by available RAM);
// with a discrete GPU the offloaded layers go to free VRAM and the rest stays in free RAM.
import type { MonitorGpu, MonitorSample } from '../../../src-preload/contract'
import { toFree } from '../inference/estimate'
import type { FreeMemoryReading } from '../inference/free-memory'

const GiB = 2 ** 30
export const gib = (bytes: number): string => `${(bytes / GiB).toFixed(bytes >= 100 * GiB ? 0 : 1)} GiB`

/** The monitor's GPUs in the shape free-memory.ts reads from sysfs (GPUs without memory figures are left out). */
export function toReading(memory: MonitorSample['memory'], gpus: readonly MonitorGpu[]): FreeMemoryReading {
  return {
    ramTotal: memory.total,
    ramAvailable: memory.available,
    gpus: gpus
      .filter((g) => g.vramTotal !== null || g.gttTotal !== null)
      .map((g) => ({
        card: g.id,
        vramTotal: g.vramTotal ?? 0,
        vramUsed: g.vramUsed ?? 0,
        gttTotal: g.gttTotal ?? 0,
        gttUsed: g.gttUsed ?? 0,
        apu: g.apu,
      })),
  }
}

export function headroom(memory: MonitorSample['memory'], gpus: readonly MonitorGpu[]): MonitorSample['headroom'] {
  const free = toFree(toReading(memory, gpus))
  const ram = Math.max(0, free.ramFree)
  if (free.vramFree === undefined) return { bytes: ram, detail: `${gib(ram)}: available RAM (no GPU memory figures)` }
  const vram = free.vramFree
  if (free.apu === true) {
    const gtt = free.gttFree ?? 0
    const bytes = vram + Math.min(gtt, ram)
    const parts = [`${gib(ram)} available RAM`, `${gib(gtt)} of GTT free`]
    if (vram > 0) parts.push(`${gib(vram)} carve-out free`)
    return { bytes, detail: `${gib(bytes)}: ${parts.join(', ')} on the APU (GTT is RAM: counted once)` }
  }
  const bytes = vram + ram
  return { bytes, detail: `${gib(bytes)}: ${gib(vram)} free VRAM for offloaded layers + ${gib(ram)} available RAM` }
}
