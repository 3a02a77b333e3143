// amdgpu's sysfs files, read on every sample (cheap: a handful of small files per card):
// /sys/class/drm/cardN/device/{vendor,device,gpu_busy_percent,mem_info_{vram,gtt}_{used,total}}
// in %, bytes; hwmon/hwmonM/temp1_input in millidegrees C; power1_average (older kernels and
// dGPUs) or power1_input (newer APUs) in microwatts. cardN-DP-1 (connectors) and renderD* are not
// GPUs. Only vendor 0x1002 is read: nvidia-smi covers NVIDIA, whose sysfs holds no such figures.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MonitorGpu } from '../../../../src-preload/contract'
import { isApu } from '../../inference/free-memory'

export const AMD_VENDOR = 0x1002
export const NVIDIA_VENDOR = 0x10de

export type SysfsReading = {
  /** False when there is no /sys/class/drm at all (not Linux, or no DRM): vendor presence unknown. */
  drmReadable: boolean
  gpus: (MonitorGpu & { busId: string | null })[]
  /** PCI vendor ids of every DRM card, to tell whether a vendor's tool is worth running. */
  vendors: number[]
}

const readText = (path: string): Promise<string | null> => readFile(path, 'utf8').then((t) => t.trim(), () => null)

async function readNumber(path: string): Promise<number | null> {
  const t = await readText(path)
  if (t === null || t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

export async function readSysfs(sysRoot: string): Promise<SysfsReading> {
  const drm = join(sysRoot, 'class', 'drm')
  let names: string[]
  try {
    names = await readdir(drm)
  } catch {
    return { drmReadable: false, gpus: [], vendors: [] }
  }
  const cards = names.filter((n) => /^card\d+$/.test(n)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
  const read = await Promise.all(cards.map((card) => readCard(join(drm, card, 'device'), card)))
  return {
    drmReadable: true,
    vendors: read.map((r) => r.vendor).filter((v): v is number => v !== null),
    gpus: read.map((r) => r.gpu).filter((g): g is NonNullable<typeof g> => g !== null),
  }
}

async function readCard(dev: string, card: string): Promise<{ vendor: number | null; gpu: SysfsReading['gpus'][number] | null }> {
  const vendor = await readNumber(join(dev, 'vendor'))
  if (vendor !== AMD_VENDOR) return { vendor, gpu: null }
  const [busy, vramUsed, vramTotal, gttUsed, gttTotal, visVramTotal, device, hw, uevent, product] = await Promise.all([
    readNumber(join(dev, 'gpu_busy_percent')),
    readNumber(join(dev, 'mem_info_vram_used')),
    readNumber(join(dev, 'mem_info_vram_total')),
    readNumber(join(dev, 'mem_info_gtt_used')),
    readNumber(join(dev, 'mem_info_gtt_total')),
    readNumber(join(dev, 'mem_info_vis_vram_total')),
    readNumber(join(dev, 'device')),
    readHwmon(join(dev, 'hwmon')),
    readText(join(dev, 'uevent')),
    readText(join(dev, 'product_name')),
  ])
  const apu = vramTotal !== null && isApu({ vramTotal, visVramTotal, gttTotal: gttTotal ?? 0, vendor, device })
  return {
    vendor,
    gpu: {
      id: card,
      name: product || null,
      vendor: 'amd',
      apu,
      busyPercent: busy,
      vramUsed,
      vramTotal,
      gttUsed,
      gttTotal,
      temperatureC: hw.temperatureC,
      powerW: hw.powerW,
      sources: ['sysfs'],
      busId: /^PCI_SLOT_NAME=(.+)$/m.exec(uevent ?? '')?.[1]?.trim().toLowerCase() ?? null,
    },
  }
}

/** The first hwmon folder that has the figure (amdgpu registers one). */
async function readHwmon(dir: string): Promise<{ temperatureC: number | null; powerW: number | null }> {
  const mons = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith('hwmon')).sort()
  let temperatureC: number | null = null
  let powerW: number | null = null
  for (const mon of mons) {
    const d = join(dir, mon)
    const [temp, avg, input] = await Promise.all(['temp1_input', 'power1_average', 'power1_input'].map((f) => readNumber(join(d, f))))
    if (temperatureC === null && temp !== null) temperatureC = temp / 1000
    const uw = avg ?? input ?? null
    if (powerW === null && uw !== null) powerW = uw / 1e6
  }
  return { temperatureC, powerW }
}
