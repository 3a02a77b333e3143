// CPU time and peak memory of a whole process tree (juliac starts julia, which starts a C compiler
// and a linker), sampled from /proc every ~100 ms.
// Cheap: the first sample reads every /proc/<pid>/stat once; a process that started before the
// root can never be its descendant, so later samples read only new pids and the tree's members.
// CPU time is the sum of each member's own user+system time as last seen: a lower bound that misses
// processes living less than one interval. Peak RSS is the largest sum of members' VmRSS seen in
// one sample, and at least any member's own VmHWM (its kernel-recorded peak).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux architecture Kiln runs on. */
const CLK_TCK = 100

type Stat = { ppid: number; pgrp: number; cpuTicks: number; start: number }

function parseStat(text: string): Stat | null {
  const close = text.lastIndexOf(')')
  if (close < 0) return null
  const f = text.slice(close + 2).split(' ')
  const n = (i: number): number => Number(f[i])
  // fields after `pid (comm)`: state ppid pgrp … utime(11) stime(12) … starttime(19)
  return { ppid: n(1), pgrp: n(2), cpuTicks: n(11) + n(12), start: n(19) }
}

const kb = (status: string, key: string): number | null => {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)
  return m ? Number(m[1]) * 1024 : null
}

export type TreeUsage = { cpuMs: number | null; peakRssBytes: number | null }

export class TreeSampler {
  private readonly foreign = new Set<number>()
  private readonly members = new Map<number, number>() // pid -> cpu ticks last seen
  private rootStart: number | null = null
  private peak = 0
  private timer: NodeJS.Timeout | null = null
  private busy: Promise<void> | null = null
  private available = true

  constructor(
    private readonly rootPid: number,
    private readonly opts: { procRoot?: string; intervalMs?: number } = {},
  ) {}

  private get proc(): string {
    return this.opts.procRoot ?? '/proc'
  }

  start(): this {
    if (process.platform !== 'linux' && this.opts.procRoot === undefined) {
      this.available = false
      return this
    }
    const tick = (): void => {
      this.busy ??= this.sample().finally(() => (this.busy = null))
    }
    tick()
    this.timer = setInterval(tick, this.opts.intervalMs ?? 100)
    this.timer.unref()
    return this
  }

  /** Stops sampling; what was measured (nulls where /proc was not readable). */
  async stop(): Promise<TreeUsage> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.busy
    if (!this.available || this.rootStart === null) return { cpuMs: null, peakRssBytes: null }
    let ticks = 0
    for (const t of this.members.values()) ticks += t
    return { cpuMs: Math.round((ticks * 1000) / CLK_TCK), peakRssBytes: this.peak > 0 ? this.peak : null }
  }

  /** The members seen in the last sample, for a memory watchdog (sum of VmRSS now). */
  currentRss = 0

  private async readStat(pid: number): Promise<Stat | null> {
    try {
      return parseStat(await readFile(join(this.proc, String(pid), 'stat'), 'utf8'))
    } catch {
      return null
    }
  }

  private async sample(): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.proc)
    } catch {
      this.available = false
      return
    }
    if (this.rootStart === null) {
      const root = await this.readStat(this.rootPid)
      if (!root) return
      this.rootStart = root.start
    }
    const stats = new Map<number, Stat>()
    await Promise.all(
      names.map(async (name) => {
        const pid = Number(name)
        if (!Number.isInteger(pid) || this.foreign.has(pid)) return
        const s = await this.readStat(pid)
        if (!s) return
        if (pid !== this.rootPid && s.start < (this.rootStart ?? 0)) this.foreign.add(pid)
        else stats.set(pid, s)
      }),
    )
    // Members: the root, and every process whose parent is a member (or in the root's group).
    const tree = new Set<number>()
    if (stats.has(this.rootPid)) tree.add(this.rootPid)
    let grew = true
    while (grew) {
      grew = false
      for (const [pid, s] of stats) {
        if (tree.has(pid)) continue
        if (tree.has(s.ppid) || s.pgrp === this.rootPid) {
          tree.add(pid)
          grew = true
        }
      }
    }
    let rss = 0
    await Promise.all(
      [...tree].map(async (pid) => {
        const s = stats.get(pid)
        if (s) this.members.set(pid, Math.max(this.members.get(pid) ?? 0, s.cpuTicks))
        const status = await readFile(join(this.proc, String(pid), 'status'), 'utf8').catch(() => '')
        rss += kb(status, 'VmRSS') ?? 0
        this.peak = Math.max(this.peak, kb(status, 'VmHWM') ?? 0)
      }),
    )
    this.currentRss = rss
    this.peak = Math.max(this.peak, rss)
  }
}
