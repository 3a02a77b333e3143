// Memory the models can use: GTT and VRAM from amdgpu's sysfs files, total RAM from /proc.
// On an APU the model lives in GTT, not VRAM (the VRAM figure is only the BIOS carve-out).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DoctorProbe } from '../../../src-preload/contract'
import { found, gib, missing, type ProbeContext } from './context'

const GTT = { id: 'gtt', label: 'GPU memory (GTT)' }
const MEMORY = { id: 'memory', label: 'System memory' }

const readNumber = async (file: string): Promise<number | null> => {
  try {
    const n = Number.parseInt((await readFile(file, 'utf8')).trim(), 10)
    return Number.isFinite(n) ? n : null
  } catch {
    return null
  }
}

/** Reads /sys/class/drm/card<N>/device/mem_info_{gtt,vram}_{total,used} for every card. */
export async function probeGtt(ctx: ProbeContext): Promise<DoctorProbe> {
  const drm = join(ctx.sysfsRoot, 'class', 'drm')
  const cards = (await readdir(drm).catch(() => [] as string[])).filter((n) => /^card\d+$/.test(n)).sort()
  const parts: string[] = []
  let totalGtt = 0
  for (const card of cards) {
    const dev = join(drm, card, 'device')
    const [gttTotal, gttUsed, vramTotal] = await Promise.all([
      readNumber(join(dev, 'mem_info_gtt_total')),
      readNumber(join(dev, 'mem_info_gtt_used')),
      readNumber(join(dev, 'mem_info_vram_total')),
    ])
    if (gttTotal === null) continue
    totalGtt += gttTotal
    const used = gttUsed !== null ? ` (${gib(gttUsed)} used)` : ''
    const vram = vramTotal !== null ? `, VRAM ${gib(vramTotal)}` : ''
    parts.push(`${card}: GTT ${gib(gttTotal)}${used}${vram}`)
  }
  if (parts.length === 0) {
    return missing(
      GTT,
      `no amdgpu GPU reports GTT in ${drm}`,
      'GTT is reported by the amdgpu driver (AMD GPUs only): sudo modprobe amdgpu; on an APU, its size follows the ttm.pages_limit kernel parameter',
    )
  }
  return found(GTT, parts.length > 1 ? `${gib(totalGtt)} in all; ${parts.join('; ')}` : parts[0]!)
}

/** MemTotal and MemAvailable from /proc/meminfo (in kB), or Node's figure where there is none. */
export async function probeMemory(ctx: ProbeContext): Promise<DoctorProbe> {
  const text = await readFile(join(ctx.procRoot, 'meminfo'), 'utf8').catch(() => '')
  const kb = (field: string): number | null => {
    const m = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(text)
    return m ? Number(m[1]) * 1024 : null
  }
  const total = kb('MemTotal')
  const available = kb('MemAvailable')
  if (total === null) return found(MEMORY, `${gib(ctx.totalmem())} total`)
  return found(MEMORY, `${gib(total)} total${available !== null ? `, ${gib(available)} available` : ''}`)
}
