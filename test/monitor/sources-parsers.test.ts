import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAmdSmiMetric } from '../../src-main/services/monitor/sources/amd-smi'
import { nvidiaSmiArgs, parseNvidiaSmiLine } from '../../src-main/services/monitor/sources/nvidia-smi'
import { parseRocmSmiJson } from '../../src-main/services/monitor/sources/rocm-smi'
import { toBytes, toWatts } from '../../src-main/services/monitor/sources/units'

const fx = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'monitor', name), 'utf8')
const MiB = 2 ** 20

describe('rocm-smi --json', () => {
  it('reads a discrete card (Average Graphics Package Power)', () => {
    expect(parseRocmSmiJson(fx('rocm-smi-rx7900xtx.json'))).toEqual({
      gpus: [
        {
          index: 0,
          busId: null,
          name: null,
          busyPercent: 0,
          vramUsed: 794341376,
          vramTotal: 25753026560,
          gttUsed: null,
          gttTotal: null,
          temperatureC: 49,
          powerW: 19,
        },
      ],
    })
  })

  it('reads an APU (Current Socket Graphics Package Power, PCI bus, device name)', () => {
    const r = parseRocmSmiJson(fx('rocm-smi-780m-apu.json'))
    expect(r).toEqual({
      gpus: [expect.objectContaining({ index: 0, busId: '0000:c4:00.0', name: 'Phoenix3', busyPercent: 19, temperatureC: 31, powerW: 7.222, vramTotal: null })],
    })
  })

  it('reads GTT figures and N/A', () => {
    const text = JSON.stringify({
      card0: { 'GPU use (%)': 'N/A', 'GTT Total Memory (B)': '133143986176', 'GTT Total Used Memory (B)': '21474836480', 'Temperature (Sensor edge) (c)': '45.0' },
    })
    expect(parseRocmSmiJson(text)).toEqual({
      gpus: [expect.objectContaining({ busyPercent: null, gttTotal: 133143986176, gttUsed: 21474836480, temperatureC: 45 })],
    })
  })

  it.each([
    ['garbage-truncated.json', /not JSON/],
    ['garbage-proxy.html', /not JSON: <!DOCTYPE html>/],
    ['garbage-empty.txt', /not JSON/],
    ['amd-smi-metric-array.json', /without any cardN/],
  ])('says what is wrong with %s', (file, message) => {
    const r = parseRocmSmiJson(fx(file))
    expect('error' in r && r.error).toMatch(message)
  })
})

describe('amd-smi metric --json', () => {
  it('reads the older shape (a top-level array), MB as MiB', () => {
    expect(parseAmdSmiMetric(fx('amd-smi-metric-array.json'))).toEqual({
      gpus: [
        {
          index: 0,
          busId: null,
          name: null,
          busyPercent: 1,
          vramUsed: 202 * MiB,
          vramTotal: 8176 * MiB,
          gttUsed: 65 * MiB,
          gttTotal: 64357 * MiB,
          temperatureC: 36,
          powerW: 6,
        },
      ],
    })
  })

  it('reads the newer shape ({"gpu_data": [...]}) and takes the hotspot when there is no edge sensor', () => {
    const r = parseAmdSmiMetric(fx('amd-smi-metric-gpu-data.json'))
    expect(r).toEqual({
      gpus: [expect.objectContaining({ index: 0, busyPercent: 2, vramTotal: 17163091968, vramUsed: 14569 * MiB, temperatureC: 41, powerW: null, gttTotal: null })],
    })
  })

  it('reads a GPU whose figures are all "N/A" (watch mode on an APU) as nulls', () => {
    const r = parseAmdSmiMetric(fx('amd-smi-metric-watch-na.json'))
    expect(r).toEqual({ gpus: [expect.objectContaining({ index: 0, busyPercent: null, powerW: null, vramTotal: null, temperatureC: null })] })
  })

  it('reads bare numbers (MB, W) and converts mW and GB', () => {
    const text = JSON.stringify({
      gpu_data: [
        { gpu: 1, usage: { gfx_activity: 42 }, power: { socket_power: { value: 15500, unit: 'mW' } }, mem_usage: { total_gtt: { value: 124, unit: 'GB' }, used_gtt: 20480 } },
      ],
    })
    expect(parseAmdSmiMetric(text)).toEqual({
      gpus: [expect.objectContaining({ index: 1, busyPercent: 42, powerW: 15.5, gttTotal: 124 * 2 ** 30, gttUsed: 20480 * MiB })],
    })
  })

  it('skips Python warnings printed before the JSON', () => {
    const r = parseAmdSmiMetric(`/usr/lib/python3.14/site-packages/amdsmi/amdsmi_interface.py:3569: SyntaxWarning: 'return' in a 'finally' block\n${fx('amd-smi-metric-gpu-data.json')}`)
    expect('gpus' in r && r.gpus[0]!.busyPercent).toBe(2)
  })

  it.each([
    ['garbage-truncated.json', /not JSON/],
    ['garbage-proxy.html', /not JSON/],
    ['garbage-traceback.txt', /not JSON: Traceback/],
    ['rocm-smi-rx7900xtx.json', /without a GPU list/],
  ])('says what is wrong with %s', (file, message) => {
    const r = parseAmdSmiMetric(fx(file))
    expect('error' in r && r.error).toMatch(message)
  })
})

describe('nvidia-smi CSV', () => {
  it('reads each streamed line, MiB to bytes', () => {
    const lines = fx('nvidia-smi-lms.csv').trim().split('\n').map(parseNvidiaSmiLine)
    expect(lines[0]).toEqual({
      index: 0,
      busId: null,
      name: 'GeForce GTX 1080 Ti',
      busyPercent: 36,
      vramUsed: 2856 * MiB,
      vramTotal: 11175 * MiB,
      gttUsed: null,
      gttTotal: null,
      temperatureC: 60,
      powerW: 106.56,
    })
    expect(lines[1]).toMatchObject({ index: 1, name: 'GeForce GTX 1060 6GB', busyPercent: 0, vramUsed: 4 * MiB, temperatureC: 49, powerW: 5.68 })
    expect(lines[2]).toMatchObject({ index: 0, busyPercent: 37, powerW: 109.2 })
  })

  it('reads [N/A] and [Not Supported] as null, and a name with a comma', () => {
    expect(parseNvidiaSmiLine('0, NVIDIA GeForce GTX 1660, 15, 2079, 6144, 59, [N/A]')).toMatchObject({ powerW: null, temperatureC: 59 })
    expect(parseNvidiaSmiLine('1, Tesla, K80, [Not Supported], 0, 11441, N/A, 30.12')).toMatchObject({ index: 1, name: 'Tesla, K80', busyPercent: null, temperatureC: null, powerW: 30.12 })
  })

  it('refuses lines that are not the CSV asked for', () => {
    for (const line of [fx('nvidia-smi-no-driver.stdout'), '', 'index, name, utilization.gpu [%]', '0, A, b, c, d, e, f', '<html>'])
      expect(parseNvidiaSmiLine(line)).toBeNull()
  })

  it('asks for the fields in the order the parser reads them', () => {
    expect(nvidiaSmiArgs(1000)).toEqual([
      '--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw',
      '--format=csv,noheader,nounits',
      '-lms',
      '1000',
    ])
  })
})

describe('units', () => {
  it('converts sizes and power, and refuses what it does not know', () => {
    expect(toBytes('1.5', 'GiB')).toBe(1.5 * 2 ** 30)
    expect(toBytes(3, 'KB')).toBe(3072)
    expect(toBytes('N/A', 'MB')).toBeNull()
    expect(toBytes(1, 'furlongs')).toBeNull()
    expect(toWatts(2500, 'mW')).toBe(2.5)
    expect(toWatts('[N/A]', 'W')).toBeNull()
  })
})
