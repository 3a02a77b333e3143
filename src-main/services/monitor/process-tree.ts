// Kiln's processes: the descendants of the main process, grouped by the child Kiln started (a
// terminal's shell with everything run in it, the Julia REPL, juliac, the inference server...),
// each group's CPU %, RSS and GPU memory summed. The tree (a scan of every /proc/PID/stat) is
// rebuilt every few seconds; between scans only the known pids are read, which is cheap.
import { execFile } from 'node:child_process'
import { readdir, readFile, readlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { MonitorProcess } from '../../../src-preload/contract'
import type { ProcessLabel } from './owned-processes'
import { parseFdinfoDrm, parsePidStat, type PidStat } from './sources/proc'

export type { ProcessLabel }
/** Pids the services know (a terminal's pty, the inference server, a juliac build...): kind and words. */
export type ProcessLabels = () => ReadonlyMap<number, ProcessLabel>

export type ProcessTreeOptions = {
  rootPid: number
  procRoot?: string
  labels?: ProcessLabels
  /** How often the whole tree is scanned again (new and finished children). */
  refreshMs?: number
  /** Bytes per page and clock ticks per second; read once with getconf when not given. */
  pageSize?: number
  clockTicks?: number
  now?: () => number
}

type Member = {
  pid: number
  /** The child of the main process this one descends from (the main process: itself). */
  top: number
  /** fd numbers that link to /dev/dri/*: the only ones whose fdinfo can hold GPU memory. */
  drmFds: string[]
}
type Kind = ProcessLabel & { helper: boolean }

const SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'fish', 'ksh', 'mksh', 'tcsh', 'csh', 'nu', 'pwsh', 'elvish', 'xonsh'])
const isNumeric = (s: string): boolean => /^\d+$/.test(s)

/** getconf's answer for a variable, or the fallback when there is no getconf (or it prints nothing useful). */
function getconf(name: string, fallback: number): Promise<number> {
  return new Promise((resolve) => {
    execFile('getconf', [name], { timeout: 2000 }, (error, stdout) => {
      const n = Number(String(stdout).trim())
      resolve(!error && Number.isInteger(n) && n > 0 ? n : fallback)
    })
  })
}

/** The kind of a child from its command line, when no service labelled it. */
export function kindFromCmdline(argv: readonly string[], comm: string): Kind {
  const exe = basename(argv[0] ?? comm)
  const args = argv.slice(1)
  const words = (n: number): string => [exe, ...args.filter((a) => !a.startsWith('-')).slice(0, n).map((a) => basename(a))].join(' ').slice(0, 80)
  if (args.some((a) => a.startsWith('--type='))) return { kind: 'kiln', label: 'Kiln', helper: true } // Electron's Chromium helpers
  if (args.some((a) => basename(a) === 'engine.js') || exe === 'llama-server') return { kind: 'inference', label: exe === 'llama-server' ? 'llama-server' : 'kiln engine', helper: false }
  if (exe === 'juliac' || args.some((a) => /(^|\/)juliac(\.jl)?$/.test(a))) {
    const program = args.find((a) => a.endsWith('.jl') && !/(^|\/)juliac\.jl$/.test(a))
    return { kind: 'juliac', label: program === undefined ? 'juliac' : `juliac ${basename(program)}`, helper: false }
  }
  if (exe === 'julia' || exe.startsWith('julia-')) {
    if (args.some((a) => a.includes('LanguageServer'))) return { kind: 'language-server', label: 'Julia language server', helper: false }
    return { kind: 'julia', label: words(1), helper: false }
  }
  if (SHELLS.has(exe.replace(/^-/, ''))) return { kind: 'terminal', label: exe.replace(/^-/, ''), helper: false }
  return { kind: 'other', label: words(1) || comm, helper: false }
}

export class ProcessTree {
  private readonly procRoot: string
  private readonly refreshMs: number
  private readonly now: () => number
  private members = new Map<number, Member>()
  /**
   * Kind by top-level pid, from its command line, with the name it had then: a child caught
   * between fork and exec still has Kiln's name and command line, so a new name means read again.
   */
  private readonly kinds = new Map<number, { kind: Kind; comm: string }>()
  /** utime + stime per `pid:starttime` (a reused pid is another process), and when they were read. */
  private prevTicks = new Map<string, number>()
  private prevAt: number | null = null
  private scannedAt = -Infinity
  private units: Promise<{ pageSize: number; clockTicks: number }> | null = null

  constructor(private readonly opts: ProcessTreeOptions) {
    this.procRoot = opts.procRoot ?? '/proc'
    this.refreshMs = opts.refreshMs ?? 5000
    this.now = opts.now ?? Date.now
  }

  /** One reading of every group; CPU % is over the time since the previous call (0 on the first). */
  async sample(): Promise<MonitorProcess[]> {
    const { pageSize, clockTicks } = await this.readUnits()
    const at = this.now()
    if (at - this.scannedAt >= this.refreshMs) await this.scan(at)
    const stats = new Map<number, PidStat>()
    await Promise.all(
      [...this.members.keys()].map(async (pid) => {
        const s = await this.readStat(pid)
        if (s === null) this.members.delete(pid) // exited since the scan
        else stats.set(pid, s)
      }),
    )
    await this.learnKinds(stats)
    const seconds = this.prevAt === null ? 0 : (at - this.prevAt) / 1000
    const ticks = new Map<string, number>()
    const groups = new Map<number, { pids: number[]; cpuTicks: number; rssPages: number }>()
    for (const [pid, s] of stats) {
      const key = `${pid}:${s.starttime}`
      const now = s.utime + s.stime
      ticks.set(key, now)
      const before = this.prevTicks.get(key)
      const top = this.members.get(pid)?.top ?? pid
      const g = groups.get(top) ?? { pids: [], cpuTicks: 0, rssPages: 0 }
      g.pids.push(pid)
      g.cpuTicks += before === undefined ? 0 : Math.max(0, now - before)
      g.rssPages += s.rssPages
      groups.set(top, g)
    }
    this.prevTicks = ticks
    this.prevAt = at

    const labels = this.opts.labels?.() ?? new Map<number, ProcessLabel>()
    const rows: MonitorProcess[] = []
    let kiln: MonitorProcess | null = null
    for (const [top, g] of groups) {
      const gpu = await this.gpuMemory(g.pids)
      const kind = top === this.opts.rootPid ? { kind: 'kiln' as const, label: 'Kiln', helper: true } : this.kindOf(top, g.pids, labels)
      const row: MonitorProcess = {
        pid: top,
        kind: kind.kind,
        label: kind.label,
        cpuPercent: seconds > 0 ? (g.cpuTicks / clockTicks / seconds) * 100 : 0,
        rssBytes: g.rssPages * pageSize,
        gttBytes: gpu.gtt,
        vramBytes: gpu.vram,
        count: g.pids.length,
      }
      if (!kind.helper) rows.push(row)
      else kiln = kiln === null ? row : mergeInto(kiln, row)
    }
    if (kiln !== null) {
      kiln.pid = this.opts.rootPid
      kiln.kind = 'kiln'
      kiln.label = kiln.count > 1 ? `Kiln (${kiln.count} processes)` : 'Kiln'
      rows.unshift(kiln)
    }
    return rows.sort((a, b) => (a.kind === 'kiln' ? -1 : b.kind === 'kiln' ? 1 : b.rssBytes - a.rssBytes))
  }

  private readUnits(): Promise<{ pageSize: number; clockTicks: number }> {
    this.units ??= Promise.all([
      this.opts.pageSize ?? getconf('PAGESIZE', 4096),
      this.opts.clockTicks ?? getconf('CLK_TCK', 100),
    ]).then(([pageSize, clockTicks]) => ({ pageSize, clockTicks }))
    return this.units
  }

  private async readStat(pid: number): Promise<PidStat | null> {
    const text = await readFile(join(this.procRoot, String(pid), 'stat'), 'utf8').catch(() => null)
    return text === null ? null : parsePidStat(text)
  }

  /** Every process's parent, then the main process's descendants, each under its top-level child. */
  private async scan(at: number): Promise<void> {
    this.scannedAt = at
    const root = this.opts.rootPid
    const names = (await readdir(this.procRoot).catch(() => [] as string[])).filter(isNumeric)
    const children = new Map<number, number[]>()
    await Promise.all(
      names.map(async (name) => {
        const s = await this.readStat(Number(name))
        if (s === null) return
        const list = children.get(s.ppid) ?? []
        list.push(s.pid)
        children.set(s.ppid, list)
      }),
    )
    const tops = new Map<number, number>()
    if (names.includes(String(root))) tops.set(root, root)
    const queue = (children.get(root) ?? []).map((pid) => [pid, pid] as const)
    for (let i = 0; i < queue.length; i++) {
      const [pid, top] = queue[i]!
      if (tops.has(pid)) continue // a loop in a recorded tree; never in the kernel's
      tops.set(pid, top)
      for (const c of children.get(pid) ?? []) queue.push([c, top])
    }
    const members = new Map<number, Member>()
    await Promise.all(
      [...tops].map(async ([pid, top]) => {
        members.set(pid, { pid, top, drmFds: await this.drmFds(pid) })
      }),
    )
    this.members = members
    for (const pid of this.kinds.keys()) if (!members.has(pid)) this.kinds.delete(pid) // gone: forget
  }

  /** fds open on /dev/dri/* (cheap: one readdir and a readlink each; unreadable -> none). */
  private async drmFds(pid: number): Promise<string[]> {
    const dir = join(this.procRoot, String(pid), 'fd')
    const fds = await readdir(dir).catch(() => [] as string[])
    const links = await Promise.all(fds.map(async (fd) => ((await readlink(join(dir, fd)).catch(() => '')).startsWith('/dev/dri/') ? fd : null)))
    return links.filter((fd): fd is string => fd !== null)
  }

  /** GTT and VRAM held through DRM fds, each DRM client counted once; null where none is held. */
  private async gpuMemory(pids: number[]): Promise<{ gtt: number | null; vram: number | null }> {
    const clients = new Map<string, { gtt: number | null; vram: number | null }>()
    for (const pid of pids) {
      for (const fd of this.members.get(pid)?.drmFds ?? []) {
        const text = await readFile(join(this.procRoot, String(pid), 'fdinfo', fd), 'utf8').catch(() => null)
        if (text === null) continue
        const d = parseFdinfoDrm(text)
        if (d.gttBytes === null && d.vramBytes === null) continue
        clients.set(d.clientId ?? `${pid}/${fd}`, { gtt: d.gttBytes, vram: d.vramBytes })
      }
    }
    if (clients.size === 0) return { gtt: null, vram: null }
    const sum = (k: 'gtt' | 'vram'): number | null => {
      const xs = [...clients.values()].map((c) => c[k]).filter((x): x is number => x !== null)
      return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0)
    }
    return { gtt: sum('gtt'), vram: sum('vram') }
  }

  /** A service's label for the child or any of its descendants; else from the child's command line. */
  private kindOf(top: number, pids: readonly number[], labels: ReadonlyMap<number, ProcessLabel>): Kind {
    const known = labels.get(top) ?? pids.map((p) => labels.get(p)).find((l) => l !== undefined)
    if (known !== undefined) return { ...known, helper: false }
    return this.kinds.get(top)?.kind ?? { kind: 'other', label: String(top), helper: false }
  }

  /** Reads the command line of top-level children that are new or have exec'd since. */
  private async learnKinds(stats: ReadonlyMap<number, PidStat>): Promise<void> {
    const stale = [...stats.values()].filter((s) => this.members.get(s.pid)?.top === s.pid && s.pid !== this.opts.rootPid && this.kinds.get(s.pid)?.comm !== s.comm)
    await Promise.all(
      stale.map(async ({ pid, comm }) => {
        const raw = await readFile(join(this.procRoot, String(pid), 'cmdline'), 'utf8').catch(() => '')
        this.kinds.set(pid, { kind: kindFromCmdline(raw.split('\0').filter((a) => a !== ''), comm), comm })
      }),
    )
  }
}

function mergeInto(a: MonitorProcess, b: MonitorProcess): MonitorProcess {
  const add = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : x + y)
  return {
    ...a,
    cpuPercent: a.cpuPercent + b.cpuPercent,
    rssBytes: a.rssBytes + b.rssBytes,
    gttBytes: add(a.gttBytes, b.gttBytes),
    vramBytes: add(a.vramBytes, b.vramBytes),
    count: a.count + b.count,
  }
}
