// One MonitorGpu per physical GPU. sysfs is read first and wins for the figures it has (it is the
// kernel's own number and costs nothing); rocm-smi, then amd-smi, fill the gaps. A tool's GPU is
// the same as a sysfs card when their PCI bus ids match, else by order: the tools number AMD GPUs
// 0, 1, … in the order of the DRM cards (rocm-smi's `card0` is often DRM `card1`).
import type { MonitorGpu, MonitorSourceId } from '../../../../src-preload/contract'
import { isApu } from '../../inference/free-memory'
import type { SysfsReading } from './sysfs'
import type { ToolGpu } from './types'

type Gpu = MonitorGpu & { busId: string | null }
const FIGURES = ['busyPercent', 'vramUsed', 'vramTotal', 'gttUsed', 'gttTotal', 'temperatureC', 'powerW'] as const

export function mergeGpus(
  sysfs: SysfsReading['gpus'],
  amdTools: { id: MonitorSourceId; gpus: ToolGpu[] }[],
  nvidia: ToolGpu[],
): MonitorGpu[] {
  const amd: Gpu[] = sysfs.map((g) => ({ ...g, sources: [...g.sources] }))
  const sysfsCount = amd.length
  for (const tool of amdTools) {
    tool.gpus.forEach((t, order) => {
      const target =
        (t.busId !== null ? amd.find((g) => g.busId === t.busId) : undefined) ??
        (t.busId === null || sysfsCount === 0 ? amd[order] : undefined) ??
        addToolGpu(amd, t)
      fill(target, t, tool.id)
    })
  }
  const gpus: MonitorGpu[] = amd.map(({ busId: _busId, ...g }) => {
    // A GPU only the tools saw: decide apu from the shape of its memory, as sysfs would.
    if (!g.sources.includes('sysfs') && g.vramTotal !== null)
      return { ...g, apu: isApu({ vramTotal: g.vramTotal, visVramTotal: null, gttTotal: g.gttTotal ?? 0, vendor: null, device: null }) }
    return g
  })
  for (const t of nvidia) {
    const g: MonitorGpu = { id: `nvidia${t.index}`, name: t.name, vendor: 'nvidia', apu: false, busyPercent: null, vramUsed: null, vramTotal: null, gttUsed: null, gttTotal: null, temperatureC: null, powerW: null, sources: [] }
    fill(g, t, 'nvidia-smi')
    gpus.push(g)
  }
  return gpus
}

function addToolGpu(list: Gpu[], t: ToolGpu): Gpu {
  const g: Gpu = { id: `amd${t.index}`, name: null, vendor: 'amd', apu: false, busyPercent: null, vramUsed: null, vramTotal: null, gttUsed: null, gttTotal: null, temperatureC: null, powerW: null, sources: [], busId: t.busId }
  list.push(g)
  return g
}

function fill(g: MonitorGpu, t: ToolGpu, id: MonitorSourceId): void {
  for (const k of FIGURES) if (g[k] === null && t[k] !== null) g[k] = t[k]
  if (g.name === null && t.name !== null) g.name = t.name
  if (!g.sources.includes(id)) g.sources.push(id)
}
