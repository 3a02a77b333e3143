// The Sampler: this machine's /proc (the live path), a /proc in a temp folder (exact figures, the
// first tick), the recorded APU tree (GTT and headroom), and failures that become source states.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MonitorGpu, MonitorSource } from '../../src-preload/contract'
import { effectiveInterval, Sampler, type GpuSampler } from '../../src-main/services/monitor/sampler'

const FIXTURE = join(__dirname, '..', 'fixtures', 'sysfs-apu')
const GiB = 2 ** 30

const noGpu: GpuSampler = { sample: async () => ({ gpus: [], sources: [{ id: 'sysfs', state: 'off', message: 'no AMD GPU', fix: null }] }), dispose: () => {} }

let dirs: string[] = []
let samplers: Sampler[] = []
afterEach(() => {
  for (const s of samplers) s.dispose()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
  samplers = []
})
const track = (s: Sampler): Sampler => (samplers.push(s), s)

/** A /proc with stat (two cores) and meminfo; `cpu(busy, idle)` rewrites the counters. */
function fakeProc(): { root: string; cpu: (cores: [number, number][]) => void } {
  const root = mkdtempSync(join(tmpdir(), 'kiln-sampler-'))
  dirs.push(root)
  writeFileSync(join(root, 'meminfo'), 'MemTotal:       16384000 kB\nMemFree:         1000000 kB\nMemAvailable:    8192000 kB\nSwapTotal:       2048000 kB\nSwapFree:        1024000 kB\n')
  const cpu = (cores: [number, number][]): void => {
    const line = (name: string, busy: number, idle: number): string => `${name} ${busy} 0 0 ${idle} 0 0 0 0 0 0`
    const total: [number, number] = cores.reduce<[number, number]>((a, c) => [a[0] + c[0], a[1] + c[1]], [0, 0])
    writeFileSync(join(root, 'stat'), [line('cpu', ...total), ...cores.map((c, i) => line(`cpu${i}`, ...c)), 'intr 1 2 3', ''].join('\n'))
  }
  cpu([[500, 500], [500, 500]]) // 50 % busy since boot
  return { root, cpu }
}

describe('Sampler on this machine', () => {
  it('reads every core, MemTotal, and this process among Kiln\'s', async () => {
    const sampler = track(new Sampler({ gpu: noGpu }))
    const { sample, sources } = await sampler.tick()
    const nproc = Number(execFileSync('nproc', ['--all'], { encoding: 'utf8' }).trim())
    expect(sample.cpu.perCore).toHaveLength(nproc)
    for (const p of [sample.cpu.totalPercent, ...sample.cpu.perCore]) expect(p).toBeGreaterThanOrEqual(0), expect(p).toBeLessThanOrEqual(100)
    const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024
    expect(sample.memory.total).toBe(memTotal)
    expect(sample.memory.used).toBe(sample.memory.total - sample.memory.available)
    expect(sample.processes[0]).toMatchObject({ pid: process.pid, kind: 'kiln' })
    expect(sample.headroom.bytes).toBe(sample.memory.available) // no GPU here
    expect(sources.find((s) => s.id === 'proc')).toMatchObject({ state: 'ok' })
    expect(sources.find((s) => s.id === 'sysfs')).toMatchObject({ state: 'off' })
  })
})

describe('Sampler on a /proc in a folder', () => {
  it('first tick: the CPU over a short window, not the average since boot', async () => {
    const { root, cpu } = fakeProc()
    const sampler = track(new Sampler({ procRoot: root, rootPid: 1, gpu: noGpu, firstWindowMs: 50 }))
    // Nothing ran during the window: 0 %, where a reading from zero would say 50 %.
    const first = await sampler.tick()
    expect(first.sample.cpu).toEqual({ totalPercent: 0, perCore: [0, 0] })
    cpu([[575, 525], [500, 600]]) // core 0: 75 of 100 jiffies busy, core 1: idle
    const second = await sampler.tick()
    expect(second.sample.cpu.perCore).toEqual([75, 0])
    expect(second.sample.cpu.totalPercent).toBe(37.5)
    expect(second.sample.memory).toEqual({ total: 16384000 * 1024, available: 8192000 * 1024, used: 8192000 * 1024, swapTotal: 2048000 * 1024, swapUsed: 1024000 * 1024 })
  })

  it('a missing file is a source state, and the rest of the sample is still given', async () => {
    const { root } = fakeProc()
    rmSync(join(root, 'stat'))
    const gpu: MonitorGpu = { id: 'card0', name: null, vendor: 'amd', apu: false, busyPercent: 12, vramUsed: GiB, vramTotal: 8 * GiB, gttUsed: 0, gttTotal: 4 * GiB, temperatureC: 40, powerW: 10, sources: ['sysfs'] }
    const sampler = track(new Sampler({ procRoot: root, rootPid: 1, gpu: { sample: async () => ({ gpus: [gpu], sources: [] }), dispose: () => {} } }))
    const { sample, sources } = await sampler.tick()
    expect(sample.cpu).toEqual({ totalPercent: 0, perCore: [] })
    expect(sample.memory.total).toBe(16384000 * 1024)
    expect(sample.gpus).toEqual([gpu])
    expect(sample.headroom.bytes).toBe(7 * GiB + 8192000 * 1024)
    const proc = sources.find((s) => s.id === 'proc')!
    expect(proc.state).toBe('failing')
    expect(proc.message).toBe(`CPU: ${join(root, 'stat')} does not exist`)
  })

  it('a GPU source that throws becomes a failing source; CPU and memory still come', async () => {
    const { root } = fakeProc()
    const broken: GpuSampler = { sample: () => Promise.reject(new Error('boom')), dispose: () => {} }
    const { sample, sources } = await track(new Sampler({ procRoot: root, rootPid: 1, gpu: broken, firstWindowMs: 10 })).tick()
    expect(sample.memory.total).toBe(16384000 * 1024)
    expect(sample.cpu.perCore).toHaveLength(2)
    expect(sources).toContainEqual<MonitorSource>({ id: 'sysfs', state: 'failing', message: 'GPU sources: boom', fix: null })
  })
})

describe('Sampler replaying the recorded APU', () => {
  it("gives the APU's GTT, busy %, °C, W and the headroom counted once", async () => {
    const sampler = track(new Sampler({ replay: { sysfs: join(FIXTURE, 'sys'), proc: join(FIXTURE, 'proc') } }))
    const { sample, sources } = await sampler.tick()
    expect(sample.gpus).toHaveLength(1)
    const g = sample.gpus[0]!
    expect(g).toMatchObject({ id: 'card1', vendor: 'amd', apu: true, gttUsed: 20 * GiB, gttTotal: 124 * GiB, vramTotal: 512 * 2 ** 20 })
    const dev = join(FIXTURE, 'sys', 'class', 'drm', 'card1', 'device')
    const num = (f: string): number => Number(readFileSync(join(dev, f), 'utf8').trim())
    expect(g.busyPercent).toBe(num('gpu_busy_percent'))
    expect(g.temperatureC).toBe(num('hwmon/hwmon5/temp1_input') / 1000) // millidegrees -> °C
    expect(g.powerW).toBe(num('hwmon/hwmon5/power1_input') / 1e6) // microwatts -> W
    expect(sample.memory.available).toBe(100 * GiB)
    // Carve-out free + min(GTT free 104 GiB, 100 GiB available RAM): not 204 GiB.
    expect(sample.headroom.bytes).toBe(g.vramTotal! - g.vramUsed! + 100 * GiB)
    expect(sample.headroom.detail).toMatch(/on the APU/)
    expect(sources.find((s) => s.id === 'rocm-smi')).toMatchObject({ state: 'off' }) // not replayed
    // Memory is the recording's; CPU and Kiln's processes are this machine's (a recorded /proc
    // without two `stat` readings cannot give CPU use).
    expect(sample.cpu.perCore).toHaveLength(cpus().length)
    expect(sample.processes.map((p) => p.kind)).toContain('kiln')
    expect(sources.find((s) => s.id === 'proc')).toMatchObject({ state: 'ok', message: expect.stringContaining('memory from the recording') })
  })
})

describe('effectiveInterval', () => {
  it('slows to 5 s while no monitor view is visible, never speeds up a slow setting', () => {
    expect(effectiveInterval(1000, true)).toBe(1000)
    expect(effectiveInterval(1000, false)).toBe(5000)
    expect(effectiveInterval(30_000, false)).toBe(30_000)
  })
})
