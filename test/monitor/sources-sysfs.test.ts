import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GpuSources } from '../../src-main/services/monitor/sources/gpu-sources'
import { readSysfs } from '../../src-main/services/monitor/sources/sysfs'
import { fakeSysfs } from '../doctor/fake-tools'

const APU_SYS = join(__dirname, '..', 'fixtures', 'sysfs-apu', 'sys')
const fx = (name: string): string => join(__dirname, '..', 'fixtures', 'monitor', name)
const GiB = 2 ** 30

const disposers: (() => void)[] = []
afterEach(() => {
  for (const d of disposers.splice(0)) d()
})
const sources = (o: ConstructorParameters<typeof GpuSources>[0]): GpuSources => {
  const s = new GpuSources(o)
  disposers.push(() => s.dispose())
  return s
}
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'kiln-sysfs-'))
  disposers.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}

describe('amdgpu sysfs', () => {
  it('reads the Strix Halo fixture: an APU with its GTT, busy %, °C and W, and skips connectors and render nodes', async () => {
    const r = await readSysfs(APU_SYS)
    expect(r.drmReadable).toBe(true)
    expect(r.vendors).toEqual([0x1002])
    expect(r.gpus).toEqual([
      {
        id: 'card1',
        name: null,
        vendor: 'amd',
        apu: true,
        busyPercent: 87,
        vramUsed: 243269632,
        vramTotal: 512 * 2 ** 20,
        gttUsed: 20 * GiB,
        gttTotal: 124 * GiB,
        temperatureC: 52,
        powerW: 38,
        sources: ['sysfs'],
        busId: '0000:c5:00.0',
      },
    ])
  })

  it('prefers power1_average, reads a discrete card as not an APU, and ignores other vendors', async () => {
    const root = fakeSysfs(tmp(), { card0: { vramTotal: 24 * GiB, gttTotal: 16 * GiB, gttUsed: 0 } })
    const dev = join(root, 'class', 'drm', 'card0', 'device')
    writeFileSync(join(dev, 'vendor'), '0x1002\n')
    writeFileSync(join(dev, 'device'), '0x744c\n')
    mkdirSync(join(dev, 'hwmon', 'hwmon2'), { recursive: true })
    writeFileSync(join(dev, 'hwmon', 'hwmon2', 'power1_average'), '19000000\n')
    writeFileSync(join(dev, 'hwmon', 'hwmon2', 'power1_input'), '25000000\n')
    mkdirSync(join(root, 'class', 'drm', 'card1', 'device'), { recursive: true })
    writeFileSync(join(root, 'class', 'drm', 'card1', 'device', 'vendor'), '0x10de\n')
    const r = await readSysfs(root)
    expect(r.vendors).toEqual([0x1002, 0x10de])
    expect(r.gpus).toHaveLength(1)
    expect(r.gpus[0]).toMatchObject({ id: 'card0', apu: false, powerW: 19, busyPercent: null, temperatureC: null })
  })

  it('says when there is no /sys/class/drm at all', async () => {
    expect(await readSysfs(join(tmp(), 'nowhere'))).toEqual({ drmReadable: false, gpus: [], vendors: [] })
  })
})

describe('GpuSources in replay', () => {
  it('merges sysfs and rocm-smi for the same card into one GPU; sysfs figures win', async () => {
    const s = sources({ replay: { sysfs: APU_SYS, rocmSmi: fx('rocm-smi-rx7900xtx.json') } })
    const r = await s.sample()
    expect(r.gpus).toHaveLength(1)
    expect(r.gpus[0]).toMatchObject({ id: 'card1', apu: true, busyPercent: 87, gttUsed: 20 * GiB, temperatureC: 52, powerW: 38, sources: ['sysfs', 'rocm-smi'] })
    expect(r.sources).toEqual([
      { id: 'sysfs', state: 'ok', message: 'AMD GPU: card1', fix: null },
      { id: 'rocm-smi', state: 'ok', message: '1 GPU', fix: null },
      { id: 'amd-smi', state: 'off', message: 'not replayed', fix: null },
      { id: 'nvidia-smi', state: 'off', message: 'not replayed', fix: null },
    ])
  })

  it('lets the tools fill what sysfs lacks', async () => {
    const root = fakeSysfs(tmp(), { card0: { vramTotal: 536870912, gttTotal: 64357 * 2 ** 20, gttUsed: 1 } })
    writeFileSync(join(root, 'class', 'drm', 'card0', 'device', 'vendor'), '0x1002\n')
    const s = sources({ replay: { sysfs: root, amdSmi: fx('amd-smi-metric-array.json') } })
    const [gpu] = (await s.sample()).gpus
    expect(gpu).toMatchObject({ id: 'card0', gttUsed: 1, busyPercent: 1, temperatureC: 36, powerW: 6, vramUsed: 202 * 2 ** 20, sources: ['sysfs', 'amd-smi'] })
  })

  it('keeps a tool GPU on another PCI bus apart from the sysfs card', async () => {
    const s = sources({ replay: { sysfs: APU_SYS, rocmSmi: fx('rocm-smi-780m-apu.json') } })
    const { gpus } = await s.sample()
    expect(gpus.map((g) => [g.id, g.sources])).toEqual([
      ['card1', ['sysfs']],
      ['amd0', ['rocm-smi']],
    ])
    expect(gpus[1]).toMatchObject({ name: 'Phoenix3', busyPercent: 19, powerW: 7.222 })
  })

  it('replays nvidia-smi lines one per interval, in a loop, alongside amd-smi alone', async () => {
    const s = sources({ replay: { nvidiaSmi: fx('nvidia-smi-lms.csv'), amdSmi: fx('amd-smi-metric-gpu-data.json') }, nvidiaIntervalMs: 40 })
    const first = await s.sample()
    expect(first.gpus.map((g) => g.id)).toEqual(['amd0', 'nvidia0'])
    expect(first.gpus[0]).toMatchObject({ vendor: 'amd', apu: false, vramTotal: 16368 * 2 ** 20, sources: ['amd-smi'] })
    expect(first.sources.find((x) => x.id === 'sysfs')).toMatchObject({ state: 'off' })
    await new Promise((r) => setTimeout(r, 100))
    const later = await s.sample()
    expect(later.gpus.filter((g) => g.vendor === 'nvidia').map((g) => [g.id, g.name])).toEqual([
      ['nvidia0', 'GeForce GTX 1080 Ti'],
      ['nvidia1', 'GeForce GTX 1060 6GB'],
    ])
    expect(later.gpus.find((g) => g.id === 'nvidia0')).toMatchObject({ busyPercent: 37, powerW: 109.2 })
  })

  it('marks a replayed file that is garbage or missing as failing, and keeps the rest', async () => {
    const s = sources({ replay: { sysfs: APU_SYS, rocmSmi: fx('garbage-proxy.html'), amdSmi: fx('no-such-file.json') } })
    const r = await s.sample()
    expect(r.gpus).toHaveLength(1)
    expect(r.gpus[0]!.sources).toEqual(['sysfs'])
    expect(r.sources.find((x) => x.id === 'rocm-smi')).toMatchObject({ state: 'failing', message: expect.stringMatching(/^rocm-smi printed something that is not JSON: <!DOCTYPE html>/) })
    expect(r.sources.find((x) => x.id === 'amd-smi')).toMatchObject({ state: 'failing', message: expect.stringMatching(/cannot read the replay file .*no-such-file.json/) })
  })
})
