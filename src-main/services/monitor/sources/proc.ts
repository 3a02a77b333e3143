// Pure parsers of the kernel's /proc text (proc(5)). No I/O here: the sampler reads the files.

export type CpuTimes = { busy: number; total: number } // jiffies

/** CPU lines of /proc/stat: `cpu` (all) and `cpuN`, each user nice system idle iowait irq softirq steal guest guest_nice. */
export function parseProcStat(text: string): { total: CpuTimes; cores: CpuTimes[] } {
  let total: CpuTimes = { busy: 0, total: 0 }
  const cores: { index: number; times: CpuTimes }[] = []
  for (const line of text.split('\n')) {
    const m = /^cpu(\d*)\s+(.*)$/.exec(line)
    if (!m) continue
    // guest and guest_nice are already counted in user and nice: only the first eight add up.
    const f = m[2]!.trim().split(/\s+/).slice(0, 8).map(Number)
    const sum = f.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0)
    const idle = (f[3] ?? 0) + (f[4] ?? 0) // idle + iowait
    const times = { busy: sum - idle, total: sum }
    if (m[1] === '') total = times
    else cores.push({ index: Number(m[1]), times })
  }
  cores.sort((a, b) => a.index - b.index)
  return { total, cores: cores.map((c) => c.times) }
}

const percent = (a: CpuTimes, b: CpuTimes): number => {
  const dt = b.total - a.total
  if (dt <= 0) return 0
  return Math.min(100, Math.max(0, ((b.busy - a.busy) / dt) * 100))
}

export function cpuPercents(
  prev: { total: CpuTimes; cores: CpuTimes[] },
  next: { total: CpuTimes; cores: CpuTimes[] },
): { totalPercent: number; perCore: number[] } {
  // A core that went offline between readings has no delta: count it from zero.
  const perCore = next.cores.map((c, i) => percent(prev.cores[i] ?? { busy: 0, total: 0 }, c))
  return { totalPercent: percent(prev.total, next.total), perCore }
}

/** /proc/meminfo in bytes (the file says kB, which is KiB). */
export function parseMeminfo(text: string): { total: number; available: number; free: number; swapTotal: number; swapFree: number } {
  const kib = (key: string): number | null => {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)
    return m === null ? null : Number(m[1]) * 1024
  }
  const free = kib('MemFree') ?? 0
  return {
    total: kib('MemTotal') ?? 0,
    // Kernels before 3.14 have no MemAvailable: free + page cache is the old approximation.
    available: kib('MemAvailable') ?? free + (kib('Cached') ?? 0),
    free,
    swapTotal: kib('SwapTotal') ?? 0,
    swapFree: kib('SwapFree') ?? 0,
  }
}

export type PidStat = { pid: number; ppid: number; comm: string; utime: number; stime: number; rssPages: number; starttime: number }

/** /proc/PID/stat. The command name sits in parentheses and may itself hold spaces and ')': split at the last ')'. */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) return null
  const pid = Number(text.slice(0, open).trim())
  const rest = text.slice(close + 1).trim().split(/\s+/)
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const field = (n: number): number => Number(rest[n - 3])
  const stat = { pid, ppid: field(4), comm: text.slice(open + 1, close), utime: field(14), stime: field(15), rssPages: field(24), starttime: field(22) }
  const numbers = [stat.pid, stat.ppid, stat.utime, stat.stime, stat.rssPages, stat.starttime]
  return numbers.every((n) => Number.isInteger(n)) ? stat : null
}

const FDINFO_UNITS: Record<string, number> = { '': 1, kib: 1024, kb: 1024, mib: 2 ** 20, gib: 2 ** 30 }

/**
 * /proc/PID/fdinfo/N of a DRM file (Documentation/gpu/drm-usage-stats.rst): `drm-client-id` (one
 * client can sit behind several fds: the caller dedupes on it), `drm-memory-<region>: N [KiB|MiB]`,
 * newer `drm-resident-`/`drm-total-<region>`, and amdgpu's pre-5.19 `vram mem:`/`gtt mem: N kB`.
 */
export function parseFdinfoDrm(text: string): { clientId: string | null; gttBytes: number | null; vramBytes: number | null } {
  const values = new Map<string, string>()
  for (const line of text.split('\n')) {
    const i = line.indexOf(':')
    if (i > 0) values.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim())
  }
  const size = (raw: string | undefined): number | null => {
    if (raw === undefined) return null
    const m = /^(\d+)\s*([A-Za-z]*)$/.exec(raw)
    const f = m ? FDINFO_UNITS[m[2]!.toLowerCase()] : undefined
    return m && f !== undefined ? Number(m[1]) * f : null
  }
  const region = (r: 'gtt' | 'vram'): number | null =>
    size(values.get(`drm-memory-${r}`)) ?? size(values.get(`drm-resident-${r}`)) ?? size(values.get(`drm-total-${r}`)) ?? size(values.get(`${r} mem`))
  return { clientId: values.get('drm-client-id') ?? null, gttBytes: region('gtt'), vramBytes: region('vram') }
}
