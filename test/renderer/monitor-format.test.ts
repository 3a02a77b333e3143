// The Monitor's words and numbers: sizes with IEC names, percents, °C and W, the status bar's
// compact reading (GPU part only with a GPU), which GPU it reads, and "No GPU found"'s list.
import { describe, expect, it } from 'vitest'
import type { MonitorSource } from '../../src-preload/contract'
import {
  formatBytes,
  formatInterval,
  formatPercent,
  formatPower,
  formatTemp,
  formatUsedOfTotal,
  primaryGpu,
  statusText,
  statusTitle,
  triedSources,
} from '../../src-renderer/panels/monitor/monitor-format'
import { apuGpu, GiB, sample } from './monitor-sample'

describe('formatting', () => {
  it('writes sizes with binary units and three significant digits', () => {
    expect(formatBytes(812)).toBe('812 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(23.4 * 2 ** 20)).toBe('23.4 MiB')
    expect(formatBytes(96.2 * GiB)).toBe('96.2 GiB')
    expect(formatBytes(130562244 * 1024)).toBe('125 GiB')
    // Rounding up to 1024 of a unit moves to the next one.
    expect(formatBytes(1023.99 * 2 ** 20)).toBe('1.00 GiB')
    expect(formatBytes(null)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
  })

  it('writes used/total pairs for the status bar', () => {
    expect(formatUsedOfTotal(41.2 * GiB, 125.4 * GiB)).toBe('41/125 GiB')
    expect(formatUsedOfTotal(3.46 * GiB, 23.5 * GiB)).toBe('3.5/24 GiB')
  })

  it('keeps a decimal for small non-integer percents only', () => {
    expect(formatPercent(12.4)).toBe('12%')
    expect(formatPercent(3.44)).toBe('3.4%')
    expect(formatPercent(3)).toBe('3%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(null)).toBe('—')
  })

  it('writes temperature, power and the sampling interval', () => {
    expect(formatTemp(54.4)).toBe('54 °C')
    expect(formatTemp(null)).toBe('—')
    expect(formatPower(61.54)).toBe('61.5 W')
    expect(formatPower(245.4)).toBe('245 W')
    expect(formatInterval(1000)).toBe('1 s')
    expect(formatInterval(250)).toBe('250 ms')
    expect(formatInterval(1500)).toBe('1.5 s')
  })
})

describe('the status item', () => {
  it('shows CPU and memory, and the GPU only when there is one', () => {
    const plain = sample(1000, { cpu: { totalPercent: 12.2, perCore: [10, 14] }, memory: { total: 125 * GiB, available: 84 * GiB, used: 41 * GiB, swapTotal: 0, swapUsed: 0 } })
    expect(statusText(plain)).toBe('CPU 12% · Mem 41/125 GiB')
    expect(statusText({ ...plain, gpus: [apuGpu({ busyPercent: 3 })] })).toBe('CPU 12% · Mem 41/125 GiB · GPU 3%')
    expect(statusText({ ...plain, gpus: [apuGpu({ busyPercent: null })] })).toBe('CPU 12% · Mem 41/125 GiB · GPU —')
  })

  it('reads the APU before a bigger discrete card, else the card with the most memory', () => {
    const card = apuGpu({ id: 'card0', apu: false, vramTotal: 24 * GiB, gttTotal: 8 * GiB, name: 'RX 7900 XTX' })
    const small = apuGpu({ id: 'card2', apu: false, vramTotal: 8 * GiB, name: 'RX 7600' })
    expect(primaryGpu([card, apuGpu()])?.id).toBe('card1')
    expect(primaryGpu([small, card])?.id).toBe('card0')
    expect(primaryGpu([])).toBeNull()
  })

  it('puts the APU GTT and the headroom in the tooltip', () => {
    const s = sample(1000, { gpus: [apuGpu()], headroom: { bytes: 96.2 * GiB, detail: '' } })
    const title = statusTitle(s)
    expect(title).toContain('AMD Radeon 8060S: 37% busy, GTT 20.0 GiB of 124 GiB')
    expect(title).toContain('A model could still get 96.2 GiB')
  })
})

describe('"No GPU found"', () => {
  it('names every GPU source with what it said, and the ones that said nothing', () => {
    const sources: MonitorSource[] = [
      { id: 'proc', state: 'ok', message: null, fix: null },
      { id: 'sysfs', state: 'missing', message: 'no amdgpu card in /sys/class/drm', fix: null },
      { id: 'rocm-smi', state: 'failing', message: 'rocm-smi: Driver not initialized', fix: 'sudo apt install rocm-smi' },
      { id: 'nvidia-smi', state: 'missing', message: null, fix: null },
    ]
    expect(triedSources(sources)).toEqual([
      'amdgpu sysfs: no amdgpu card in /sys/class/drm',
      'rocm-smi: rocm-smi: Driver not initialized',
      'amd-smi: not reported',
      'nvidia-smi: missing',
    ])
  })
})
