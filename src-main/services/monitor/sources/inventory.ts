// The static inventory, from systeminformation, read ONCE. si.graphics() runs several programs
// synchronously and blocks the event loop (DESIGN.md): the caller runs this off the main thread.
import si from 'systeminformation'
import type { MonitorInventory } from '../../../../src-preload/contract'

const settle = <T>(p: Promise<T>): Promise<T | null> => p.then((v) => v, () => null)

export async function readInventory(): Promise<MonitorInventory> {
  const [cpu, os, graphics] = await Promise.all([settle(si.cpu()), settle(si.osInfo()), settle(si.graphics())])
  const text = (s: string | undefined | null): string | null => (s && s.trim() !== '' ? s.trim() : null)
  const count = (n: number | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null)
  return {
    cpuModel: cpu ? text(`${cpu.manufacturer} ${cpu.brand}`) : null,
    cores: count(cpu?.physicalCores),
    threads: count(cpu?.cores),
    gpus: (graphics?.controllers ?? []).map((c) => ({
      name: text(c.model) ?? text(c.name) ?? 'unknown GPU',
      vendor: text(c.vendor) ?? 'unknown',
      // systeminformation gives MiB (or null / 0 when unknown).
      vramBytes: typeof c.vram === 'number' && c.vram > 0 ? c.vram * 2 ** 20 : null,
    })),
    os: os ? text([os.distro, os.release, os.arch].filter(Boolean).join(' ')) : null,
  }
}
