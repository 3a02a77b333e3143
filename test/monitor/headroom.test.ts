// Headroom: what a model could still get now, by the load estimate's rule.
import { describe, expect, it } from 'vitest'
import type { MonitorGpu, MonitorSample } from '../../src-preload/contract'
import { planMemory } from '../../src-main/services/inference/memory-plan'
import { headroom } from '../../src-main/services/monitor/headroom'

const GiB = 2 ** 30
const mem = (total: number, available: number): MonitorSample['memory'] => ({ total, available, used: total - available, swapTotal: 0, swapUsed: 0 })
const gpu = (g: Partial<MonitorGpu>): MonitorGpu => ({
  id: 'card1', name: null, vendor: 'amd', apu: false, busyPercent: null,
  vramUsed: null, vramTotal: null, gttUsed: null, gttTotal: null, temperatureC: null, powerW: null, sources: ['sysfs'], ...g,
})

describe('headroom', () => {
  it('without GPU memory figures: the available RAM', () => {
    const h = headroom(mem(32 * GiB, 20 * GiB), [])
    expect(h.bytes).toBe(20 * GiB)
    expect(h.detail).toBe('20.0 GiB: available RAM (no GPU memory figures)')
    // A GPU that reports no memory (busy % only) changes nothing.
    expect(headroom(mem(32 * GiB, 20 * GiB), [gpu({ busyPercent: 5 })]).bytes).toBe(20 * GiB)
  })

  it('on an APU counts GTT once: carve-out free + what GTT can still map, bounded by available RAM', () => {
    // The Strix Halo fixture: 512 MiB carve-out (200 MiB used), GTT 124 GiB with 20 used, 100 GiB available.
    const apu = gpu({ apu: true, vramTotal: 512 * 2 ** 20, vramUsed: 200 * 2 ** 20, gttTotal: 124 * GiB, gttUsed: 20 * GiB })
    const h = headroom(mem(125 * GiB, 100 * GiB), [apu])
    expect(h.bytes).toBe(312 * 2 ** 20 + 100 * GiB) // not 100 + 104: GTT is the same RAM
    expect(h.detail).toMatch(/^100 GiB: 100 GiB available RAM, 104 GiB of GTT free, 0\.3 GiB carve-out free on the APU/)
    // GTT nearly full: GTT is the bound, whatever RAM is free.
    const full = headroom(mem(125 * GiB, 100 * GiB), [{ ...apu, gttUsed: 120 * GiB }])
    expect(full.bytes).toBe(312 * 2 ** 20 + 4 * GiB)
  })

  it('agrees with the load estimate on an APU: a model of the headroom fits, a bigger one does not', () => {
    const apu = gpu({ apu: true, vramTotal: 512 * 2 ** 20, vramUsed: 200 * 2 ** 20, gttTotal: 124 * GiB, gttUsed: 20 * GiB })
    const memory = mem(125 * GiB, 100 * GiB)
    const h = headroom(memory, [apu])
    const free = { ramFree: memory.available, vramFree: 312 * 2 ** 20, gttFree: 104 * GiB, apu: true }
    const plan = (total: number) =>
      planMemory({ shape: { weightsBytes: total, layers: 10, kvHeads: 1, keyLength: 1, valueLength: 1, contextLength: null }, context: 0, gpuLayers: 10, computeBytes: 0, free })
    expect(plan(h.bytes).fits).toBe(true)
    expect(plan(h.bytes + 2 ** 20).fits).toBe(false)
  })

  it('with a discrete GPU: free VRAM for offloaded layers plus available RAM, GTT not counted', () => {
    const card = gpu({ vramTotal: 24 * GiB, vramUsed: 4 * GiB, gttTotal: 16 * GiB, gttUsed: 0 })
    const h = headroom(mem(64 * GiB, 40 * GiB), [card])
    expect(h.bytes).toBe(60 * GiB)
    expect(h.detail).toBe('60.0 GiB: 20.0 GiB free VRAM for offloaded layers + 40.0 GiB available RAM')
  })

  it('takes the GPU with the most room (an APU beside a small discrete card)', () => {
    const small = gpu({ id: 'card0', vramTotal: 4 * GiB, vramUsed: 0, gttTotal: 8 * GiB, gttUsed: 0 })
    const apu = gpu({ id: 'card1', apu: true, vramTotal: 512 * 2 ** 20, vramUsed: 0, gttTotal: 60 * GiB, gttUsed: 0 })
    expect(headroom(mem(64 * GiB, 50 * GiB), [small, apu]).detail).toMatch(/on the APU/)
  })
})
