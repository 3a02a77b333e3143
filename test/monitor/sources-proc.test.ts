import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cpuPercents, parseFdinfoDrm, parseMeminfo, parsePidStat, parseProcStat } from '../../src-main/services/monitor/sources/proc'

const APU_MEMINFO = join(__dirname, '..', 'fixtures', 'sysfs-apu', 'proc', 'meminfo')

describe('/proc/stat', () => {
  it('reads this machine: one entry per core, busy within total', () => {
    const s = parseProcStat(readFileSync('/proc/stat', 'utf8'))
    expect(s.cores).toHaveLength(cpus().length)
    expect(s.total.total).toBeGreaterThan(0)
    expect(s.total.busy).toBeGreaterThan(0)
    expect(s.total.busy).toBeLessThanOrEqual(s.total.total)
  })

  it('counts user..steal (not guest, already in user) and leaves idle and iowait out of busy', () => {
    const text = 'cpu  100 0 50 800 50 0 0 0 30 0\ncpu0 60 0 20 400 20 0 0 0 30 0\ncpu1 40 0 30 400 30 0 0 0 0 0\nintr 1 2 3\n'
    expect(parseProcStat(text)).toEqual({
      total: { busy: 150, total: 1000 },
      cores: [
        { busy: 80, total: 500 },
        { busy: 70, total: 500 },
      ],
    })
  })

  it('turns two readings into percents, per core too', () => {
    const a = parseProcStat('cpu  0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0\n')
    const b = parseProcStat('cpu  150 0 0 250 0 0 0 0\ncpu0 100 0 0 100 0 0 0 0\ncpu1 50 0 0 150 0 0 0 0\n')
    expect(cpuPercents(a, b)).toEqual({ totalPercent: 37.5, perCore: [50, 25] })
    // The same reading twice (no time passed): 0, not NaN.
    expect(cpuPercents(b, b)).toEqual({ totalPercent: 0, perCore: [0, 0] })
  })

  it('measures this machine between two readings', async () => {
    const a = parseProcStat(readFileSync('/proc/stat', 'utf8'))
    const until = Date.now() + 120
    while (Date.now() < until); // keep one core busy
    const r = cpuPercents(a, parseProcStat(readFileSync('/proc/stat', 'utf8')))
    expect(r.perCore).toHaveLength(cpus().length)
    expect(r.totalPercent).toBeGreaterThan(0)
    expect(r.totalPercent).toBeLessThanOrEqual(100)
  })
})

describe('/proc/meminfo', () => {
  it('gives bytes from the APU fixture', () => {
    expect(parseMeminfo(readFileSync(APU_MEMINFO, 'utf8'))).toMatchObject({
      total: 130562244 * 1024,
      available: 104857600 * 1024,
      free: 9852316 * 1024,
    })
  })

  it('falls back to free + cached on kernels without MemAvailable, and reads swap', () => {
    const m = parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 300 kB\nSwapTotal: 2048 kB\nSwapFree: 1024 kB\n')
    expect(m).toEqual({ total: 1024000, available: 409600, free: 102400, swapTotal: 2097152, swapFree: 1048576 })
  })

  it('reads this machine', () => {
    const m = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))
    expect(m.total).toBeGreaterThan(0)
    expect(m.available).toBeGreaterThan(0)
    expect(m.available).toBeLessThanOrEqual(m.total)
  })
})

describe('/proc/PID/stat', () => {
  it('reads a command name holding spaces and ")"', () => {
    const rest = 'S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0 123456 1000000 2048 18446744073709551615'
    expect(parsePidStat(`4242 (julia (worker) 1) ${rest}`)).toEqual({
      pid: 4242,
      ppid: 1,
      comm: 'julia (worker) 1',
      utime: 250,
      stime: 75,
      starttime: 123456,
      rssPages: 2048,
    })
  })

  it('reads this process and refuses text that is not a stat line', () => {
    const s = parsePidStat(readFileSync('/proc/self/stat', 'utf8'))
    expect(s).not.toBeNull()
    expect(s!.pid).toBeGreaterThan(0)
    expect(s!.rssPages).toBeGreaterThan(0)
    expect(parsePidStat('')).toBeNull()
    expect(parsePidStat('12 (x) S')).toBeNull()
  })
})

describe('/proc/PID/fdinfo', () => {
  it('reads drm-memory-* with units and the client id (amdgpu, kernel 6.x)', () => {
    const text = 'pos:\t0\nflags:\t02100002\ndrm-driver:\tamdgpu\ndrm-client-id:\t47\ndrm-memory-vram:\t1024 KiB\ndrm-memory-gtt:\t20971520 KiB\ndrm-memory-cpu:\t0 KiB\n'
    expect(parseFdinfoDrm(text)).toEqual({ clientId: '47', gttBytes: 20971520 * 1024, vramBytes: 1024 * 1024 })
  })

  it('reads bytes without a unit, MiB, the newer drm-resident-* keys, and amdgpu’s old "gtt mem:"', () => {
    expect(parseFdinfoDrm('drm-client-id: 3\ndrm-memory-gtt: 4096\ndrm-memory-vram: 2 MiB\n')).toEqual({ clientId: '3', gttBytes: 4096, vramBytes: 2 * 2 ** 20 })
    expect(parseFdinfoDrm('drm-client-id: 9\ndrm-resident-gtt: 3 GiB\n')).toEqual({ clientId: '9', gttBytes: 3 * 2 ** 30, vramBytes: null })
    expect(parseFdinfoDrm('pasid:\t32770\nvram mem:\t5120 kB\ngtt mem:\t2048 kB\n')).toEqual({ clientId: null, gttBytes: 2048 * 1024, vramBytes: 5120 * 1024 })
  })

  it('gives nulls for an fd that is not a DRM file', () => {
    expect(parseFdinfoDrm('pos:\t0\nflags:\t0100002\nmnt_id:\t25\nino:\t1234\n')).toEqual({ clientId: null, gttBytes: null, vramBytes: null })
  })
})
