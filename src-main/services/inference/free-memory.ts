// Free memory for the load estimate, from the kernel's own figures: /proc/meminfo, and amdgpu's
// sysfs files for each GPU (VRAM and GTT). On an APU the VRAM is only a BIOS carve-out and the
// model lives in GTT, which is system RAM (DESIGN.md); `apu` tells the planner not to count it twice.
import { readdir, readFile } from 'node:fs/promises'
import { freemem, totalmem } from 'node:os'
import { join } from 'node:path'

export type FreeMemoryReading = {
  ramTotal: number
  ramAvailable: number
  gpus: { card: string; vramTotal: number; vramUsed: number; gttTotal: number; gttUsed: number; apu: boolean }[]
}

const GiB = 2 ** 30
/** At most this much VRAM, with more GTT, is taken for an APU's carve-out. */
const CARVE_OUT_MAX = 4 * GiB

/**
 * PCI device ids (vendor 0x1002) of AMD APUs' GPUs, from pci.ids: these are APUs whatever
 * carve-out the BIOS sets (Strix Halo boxes often set 64 or 96 GiB).
 */
const AMD_APU_DEVICE_IDS = new Set([
  0x15dd, 0x15d8, // Raven, Picasso
  0x1636, 0x1638, 0x164c, 0x15e7, // Renoir, Cezanne, Lucienne, Barcelo
  0x163f, 0x1681, 0x1506, // Van Gogh, Rembrandt, Mendocino
  0x164e, 0x13c0, // Raphael, Granite Ridge (desktop Ryzen 7000 / 9000)
  0x15bf, 0x15c8, // Phoenix, Phoenix 2
  0x150e, 0x1114, 0x1586, // Strix Point, Krackan Point, Strix Halo
])

export async function readFreeMemory(opts: { procRoot?: string; sysRoot?: string } = {}): Promise<FreeMemoryReading> {
  const procRoot = opts.procRoot ?? '/proc'
  const sysRoot = opts.sysRoot ?? '/sys'
  const [ram, gpus] = await Promise.all([readMeminfo(join(procRoot, 'meminfo')), readGpus(join(sysRoot, 'class', 'drm'))])
  return { ...ram, gpus }
}

/** MemAvailable (the kernel's estimate of what can be had without swapping), in bytes. */
async function readMeminfo(path: string): Promise<{ ramTotal: number; ramAvailable: number }> {
  const text = await readFile(path, 'utf8').catch(() => null)
  // No /proc (macOS, Windows): Node's figures; freemem is the closest to "available" they have.
  if (text === null) return { ramTotal: totalmem(), ramAvailable: freemem() }
  const kib = (key: string): number | null => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text)
    return m === null ? null : Number(m[1]) * 1024
  }
  const ramTotal = kib('MemTotal') ?? 0
  // Kernels before 3.14 have no MemAvailable: free + page cache is the old approximation.
  const ramAvailable = kib('MemAvailable') ?? (kib('MemFree') ?? 0) + (kib('Cached') ?? 0)
  return { ramTotal, ramAvailable }
}

async function readGpus(drm: string): Promise<FreeMemoryReading['gpus']> {
  const cards = (await readdir(drm).catch(() => [] as string[])).filter((n) => /^card\d+$/.test(n)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
  const gpus: FreeMemoryReading['gpus'] = []
  for (const card of cards) {
    const dev = join(drm, card, 'device')
    const read = async (name: string): Promise<number | null> => {
      const text = await readFile(join(dev, name), 'utf8').catch(() => null)
      const n = text === null ? NaN : Number(text.trim())
      return Number.isFinite(n) ? n : null
    }
    const vramTotal = await read('mem_info_vram_total')
    if (vramTotal === null) continue // not an amdgpu device (or no memory figures)
    const [vramUsed, gttTotal, gttUsed, visVramTotal, vendor, device] = await Promise.all(
      ['mem_info_vram_used', 'mem_info_gtt_total', 'mem_info_gtt_used', 'mem_info_vis_vram_total', 'vendor', 'device'].map(read),
    )
    const gtt = gttTotal ?? 0
    gpus.push({
      card,
      vramTotal,
      vramUsed: vramUsed ?? 0,
      gttTotal: gtt,
      gttUsed: gttUsed ?? 0,
      apu: isApu({ vramTotal, visVramTotal, gttTotal: gtt, vendor, device }),
    })
  }
  return gpus
}

/**
 * A known APU device id; else the shape of one: a small carve-out (≤ 4 GiB) with more GTT than
 * VRAM. (The CPU-visible-VRAM test alone would also take a discrete card with resizable BAR.)
 */
export function isApu(g: { vramTotal: number; visVramTotal: number | null; gttTotal: number; vendor: number | null; device: number | null }): boolean {
  if (g.vendor === 0x1002 && g.device !== null && AMD_APU_DEVICE_IDS.has(g.device)) return true
  return g.vramTotal <= CARVE_OUT_MAX && g.gttTotal > g.vramTotal && (g.visVramTotal === null || g.visVramTotal === g.vramTotal)
}
