// Samples → the Monitor's charts: the 10-minute history, the chosen range, CPU columns, unified
// memory stacked without counting GTT twice, one line per GPU (gaps where one vanished), the
// process table's order and the status item's once-a-second rule.
import { describe, expect, it } from 'vitest'
import {
  appendSample,
  busyColumns,
  cpuColumns,
  gpuIds,
  hasThermal,
  HISTORY_MS,
  memoryAxisMax,
  memoryColumns,
  mergeSamples,
  sortProcesses,
  statusDue,
  thermalColumns,
  windowOf,
} from '../../src-renderer/panels/monitor/monitor-series'
import { apuGpu, GiB, proc, sample } from './monitor-sample'

const T0 = 1_700_000_000_000
const series = (n: number, stepMs = 1000) => Array.from({ length: n }, (_, i) => sample(T0 + i * stepMs, { cpu: { totalPercent: i, perCore: [i, i] } }))

describe('the history', () => {
  it('keeps 10 minutes and drops late or repeated samples', () => {
    let h = series(600)
    h = appendSample(h, sample(T0 + 600_000))
    expect(h.length).toBe(600)
    expect(h[0]!.t).toBe(T0 + 1000)
    expect(h.at(-1)!.t - h[0]!.t).toBeLessThan(HISTORY_MS)
    expect(appendSample(h, sample(T0 + 5000))).toBe(h)
    expect(appendSample(h, sample(T0 + 600_000))).toBe(h)
  })

  it('merges a snapshot with the events that arrived, each sample once and in order', () => {
    const events = [sample(T0 + 3000), sample(T0 + 4000)]
    const snapshot = [sample(T0 + 1000), sample(T0 + 2000), sample(T0 + 3000)]
    expect(mergeSamples(events, snapshot).map((s) => s.t - T0)).toEqual([1000, 2000, 3000, 4000])
    const old = [sample(T0 - HISTORY_MS - 1000), ...snapshot]
    expect(mergeSamples(old, events)[0]!.t).toBe(T0 + 1000)
  })

  it('cuts the window to the chosen range before the newest sample', () => {
    const h = series(600)
    const w = windowOf(h, 60)
    expect(w.length).toBe(61)
    expect(w.at(-1)!.t - w[0]!.t).toBe(60_000)
    expect(windowOf(h, 600).length).toBe(600)
    expect(windowOf([], 60)).toEqual([])
  })
})

describe('CPU', () => {
  it('gives x in seconds, the total, then a column per core', () => {
    const w = [sample(T0, { cpu: { totalPercent: 12, perCore: [10, 14] } }), sample(T0 + 1000, { cpu: { totalPercent: 50, perCore: [40, 60, 50] } })]
    const [x, total, c0, c1, c2] = cpuColumns(w)
    expect(x).toEqual([T0 / 1000, T0 / 1000 + 1])
    expect(total).toEqual([12, 50])
    expect(c0).toEqual([10, 40])
    expect(c1).toEqual([14, 60])
    // A core that appeared later (hot-plug, a changed count) has no figure before.
    expect(c2).toEqual([null, 50])
  })
})

describe('unified memory', () => {
  it('on the APU stacks RAM without GTT, GTT and the VRAM carve-out against RAM + VRAM total', () => {
    // test/fixtures/sysfs-apu: MemTotal 130562244 kB, MemAvailable 104857600 kB, GTT 20 GiB used.
    const total = 130562244 * 1024
    const used = total - 104857600 * 1024
    const s = sample(T0, { memory: { total, available: 104857600 * 1024, used, swapTotal: 0, swapUsed: 0 }, gpus: [apuGpu()] })
    const m = memoryColumns([s])
    expect(m.ram[0]).toBe(used - 20 * GiB)
    expect(m.gtt[0]).toBe(20 * GiB)
    expect(m.vram[0]).toBe(243269632)
    // The tops: RAM, RAM+GTT (= used: GTT is not counted twice), RAM+GTT+VRAM.
    expect(m.columns[1]).toEqual([used - 20 * GiB])
    expect(m.columns[2]).toEqual([used])
    expect(m.columns[3]).toEqual([used + 243269632])
    expect(m.columns[4]).toEqual([total + 536870912])
    expect(m.hasGtt && m.hasVram).toBe(true)
    expect(memoryAxisMax(m)).toBeGreaterThan(total + 536870912)
  })

  it('without a GPU has only RAM, with no GTT or VRAM bands', () => {
    const m = memoryColumns([sample(T0)])
    expect(m.hasGtt || m.hasVram).toBe(false)
    expect(m.columns.slice(1, 4)).toEqual([[4 * GiB], [4 * GiB], [4 * GiB]])
    expect(m.total).toEqual([24 * GiB])
  })

  it('never draws RAM below zero when the GTT figure is ahead of meminfo', () => {
    const s = sample(T0, { memory: { total: 24 * GiB, available: 20 * GiB, used: 4 * GiB, swapTotal: 0, swapUsed: 0 }, gpus: [apuGpu({ gttUsed: 6 * GiB })] })
    expect(memoryColumns([s]).ram).toEqual([0])
  })
})

describe('GPUs', () => {
  it('draws a line per GPU, with a gap where one stopped answering', () => {
    const card = apuGpu({ id: 'card0', name: 'RX 7900 XTX', apu: false, busyPercent: 90, temperatureC: 70, powerW: 300 })
    const w = [sample(T0, { gpus: [apuGpu(), card] }), sample(T0 + 1000, { gpus: [apuGpu({ busyPercent: 40 })] })]
    const ids = gpuIds(w).map((g) => g.id)
    expect(gpuIds(w)).toEqual([
      { id: 'card1', name: 'AMD Radeon 8060S' },
      { id: 'card0', name: 'RX 7900 XTX' },
    ])
    expect(busyColumns(w, ids).slice(1)).toEqual([
      [37, 40],
      [90, null],
    ])
    // Temperatures first (left axis), then powers (right axis).
    expect(thermalColumns(w, ids).slice(1)).toEqual([
      [54, 54],
      [70, null],
      [61.5, 61.5],
      [300, null],
    ])
    expect(hasThermal(w)).toBe(true)
    expect(hasThermal([sample(T0, { gpus: [apuGpu({ temperatureC: null, powerW: null })] })])).toBe(false)
  })
})

describe('the process table and the status item', () => {
  it('lists the process holding the most memory first, GTT included', () => {
    const rows = sortProcesses([
      proc(10, { kind: 'julia', rssBytes: 900 * 2 ** 20 }),
      proc(11, { kind: 'inference', rssBytes: 300 * 2 ** 20, gttBytes: 18 * GiB }),
      proc(12, { kind: 'terminal', rssBytes: 4 * 2 ** 20, cpuPercent: 5 }),
      proc(13, { kind: 'terminal', rssBytes: 4 * 2 ** 20, cpuPercent: 1 }),
    ])
    expect(rows.map((p) => p.pid)).toEqual([11, 10, 12, 13])
  })

  it('changes the status item at most once a second', () => {
    expect(statusDue(null, T0)).toBe(true)
    expect(statusDue(T0, T0 + 250)).toBe(false)
    expect(statusDue(T0, T0 + 999)).toBe(false)
    expect(statusDue(T0, T0 + 1000)).toBe(true)
  })
})
