import { cpus } from 'node:os'
import { describe, expect, it } from 'vitest'
import { readInventory } from '../../src-main/services/monitor/sources/inventory'

describe('inventory (systeminformation, once)', () => {
  it('names this machine’s CPU and counts its threads', async () => {
    const inv = await readInventory()
    expect(inv.cpuModel).toEqual(expect.any(String))
    expect(inv.threads).toBe(cpus().length)
    expect(inv.os).toEqual(expect.any(String))
    expect(Array.isArray(inv.gpus)).toBe(true)
  }, 30_000)
})
