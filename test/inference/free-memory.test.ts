// Free memory from /proc and amdgpu's sysfs: the Strix Halo fixture (an APU whose GPU memory is
// GTT), a discrete card built here, and a machine with no GPU at all.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isApu, readFreeMemory } from '../../src-main/services/inference/free-memory'

const GiB = 2 ** 30
const APU = join(__dirname, '..', 'fixtures', 'sysfs-apu')
const tmp = mkdtempSync(join(tmpdir(), 'kiln-free-memory-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function tree(name: string, meminfo: string, cards: Record<string, Record<string, string>>): { procRoot: string; sysRoot: string } {
  const root = join(tmp, name)
  mkdirSync(join(root, 'proc'), { recursive: true })
  writeFileSync(join(root, 'proc', 'meminfo'), meminfo)
  mkdirSync(join(root, 'sys', 'class', 'drm'), { recursive: true })
  for (const [card, files] of Object.entries(cards)) {
    const dev = join(root, 'sys', 'class', 'drm', card, 'device')
    mkdirSync(dev, { recursive: true })
    for (const [f, v] of Object.entries(files)) writeFileSync(join(dev, f), `${v}\n`)
  }
  return { procRoot: join(root, 'proc'), sysRoot: join(root, 'sys') }
}

describe('readFreeMemory', () => {
  it('reads a Strix Halo APU: MemAvailable, a 512 MiB carve-out and 124 GiB of GTT', async () => {
    const r = await readFreeMemory({ procRoot: join(APU, 'proc'), sysRoot: join(APU, 'sys') })
    expect(r).toEqual({
      ramTotal: 130562244 * 1024,
      ramAvailable: 100 * GiB,
      gpus: [{ card: 'card1', vramTotal: 512 * 2 ** 20, vramUsed: 243269632, gttTotal: 124 * GiB, gttUsed: 20 * GiB, apu: true }],
    })
  })

  it('reads a discrete card (24 GiB VRAM, resizable BAR) as not an APU, and skips cards without amdgpu figures', async () => {
    const r = await readFreeMemory(
      tree('discrete', 'MemTotal:       65536000 kB\nMemFree:  1000 kB\nMemAvailable:   50000000 kB\n', {
        card0: { vendor: '0x1002', device: '0x744c', mem_info_vram_total: String(24 * GiB), mem_info_vis_vram_total: String(24 * GiB), mem_info_vram_used: String(2 * GiB), mem_info_gtt_total: String(31 * GiB), mem_info_gtt_used: '1048576' },
        card1: { vendor: '0x10de', device: '0x2684' }, // an NVIDIA card: no mem_info files
      }),
    )
    expect(r).toEqual({
      ramTotal: 65536000 * 1024,
      ramAvailable: 50000000 * 1024,
      gpus: [{ card: 'card0', vramTotal: 24 * GiB, vramUsed: 2 * GiB, gttTotal: 31 * GiB, gttUsed: 1048576, apu: false }],
    })
  })

  it('without a GPU lists none; an old kernel without MemAvailable counts free + cached', async () => {
    const r = await readFreeMemory(tree('cpu-only', 'MemTotal: 8000000 kB\nMemFree: 1000000 kB\nCached: 3000000 kB\n', {}))
    expect(r).toEqual({ ramTotal: 8000000 * 1024, ramAvailable: 4000000 * 1024, gpus: [] })
  })

  it('reads this machine without failing', async () => {
    const r = await readFreeMemory()
    expect(r.ramTotal).toBeGreaterThan(0)
    expect(r.ramAvailable).toBeGreaterThan(0)
    expect(r.ramAvailable).toBeLessThanOrEqual(r.ramTotal)
  })
})

describe('isApu', () => {
  const base = { vendor: 0x1002, device: 0x7480, visVramTotal: null }
  it('knows an APU by its device id even with a 96 GiB carve-out', () => {
    expect(isApu({ ...base, device: 0x1586, vramTotal: 96 * GiB, visVramTotal: 96 * GiB, gttTotal: 16 * GiB })).toBe(true)
  })
  it('takes a small, fully visible carve-out with more GTT for an APU; a small card without resizable BAR is not one', () => {
    expect(isApu({ ...base, vramTotal: 2 * GiB, visVramTotal: 2 * GiB, gttTotal: 30 * GiB })).toBe(true)
    expect(isApu({ ...base, vramTotal: 4 * GiB, visVramTotal: 256 * 2 ** 20, gttTotal: 16 * GiB })).toBe(false)
    expect(isApu({ ...base, vramTotal: 8 * GiB, visVramTotal: 8 * GiB, gttTotal: 32 * GiB })).toBe(false)
  })
})
