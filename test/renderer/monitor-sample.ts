// Builds MonitorSamples for the Monitor's renderer tests: a plain machine by default, with GPUs
// and processes where a test gives them.
import type { MonitorGpu, MonitorProcess, MonitorSample } from '../../src-preload/contract'

export const GiB = 2 ** 30

export function sample(t: number, over: Partial<MonitorSample> = {}): MonitorSample {
  return {
    t,
    cpu: { totalPercent: 12, perCore: [10, 14] },
    memory: { total: 24 * GiB, available: 20 * GiB, used: 4 * GiB, swapTotal: 0, swapUsed: 0 },
    gpus: [],
    processes: [],
    headroom: { bytes: 20 * GiB, detail: '20.0 GiB: available RAM (no GPU)' },
    ...over,
  }
}

/** The Strix Halo box of test/fixtures/sysfs-apu: 512 MiB carve-out, 124 GiB GTT, 20 GiB of it in use. */
export function apuGpu(over: Partial<MonitorGpu> = {}): MonitorGpu {
  return {
    id: 'card1',
    name: 'AMD Radeon 8060S',
    vendor: 'amd',
    apu: true,
    busyPercent: 37,
    vramUsed: 243269632,
    vramTotal: 536870912,
    gttUsed: 20 * GiB,
    gttTotal: 133143986176,
    temperatureC: 54,
    powerW: 61.5,
    sources: ['sysfs'],
    ...over,
  }
}

export function proc(pid: number, over: Partial<MonitorProcess> = {}): MonitorProcess {
  return { pid, kind: 'terminal', label: 'bash', cpuPercent: 0, rssBytes: 4 * 2 ** 20, gttBytes: null, vramBytes: null, count: 1, ...over }
}
