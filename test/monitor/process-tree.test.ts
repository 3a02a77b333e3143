// Kiln's processes: a recorded-shape /proc in a temp folder (exact figures), and this machine's
// /proc with real children (a busy one shows its CPU).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { kindFromCmdline, ProcessTree, type ProcessLabel } from '../../src-main/services/monitor/process-tree'

type Fake = { pid: number; ppid: number; comm: string; argv: string[]; ticks?: number; rssPages?: number; start?: number }

/** One /proc/PID/stat line in the kernel's field order (utime, stime = fields 14, 15; starttime 22; rss 24). */
function statLine(p: Fake): string {
  const f: (string | number)[] = [p.pid, `(${p.comm})`, 'S', p.ppid]
  for (let n = 5; n <= 52; n++) f.push(n === 14 ? (p.ticks ?? 0) : n === 15 ? 0 : n === 22 ? (p.start ?? 1000) : n === 24 ? (p.rssPages ?? 0) : 0)
  return `${f.join(' ')}\n`
}

let dirs: string[] = []
let children: ChildProcess[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  for (const c of children) c.kill('SIGKILL')
  dirs = []
  children = []
})

function fakeProc(procs: Fake[]): { root: string; write: (p: Fake) => void; remove: (pid: number) => void } {
  const root = mkdtempSync(join(tmpdir(), 'kiln-proc-'))
  dirs.push(root)
  const write = (p: Fake): void => {
    mkdirSync(join(root, String(p.pid), 'fd'), { recursive: true })
    mkdirSync(join(root, String(p.pid), 'fdinfo'), { recursive: true })
    writeFileSync(join(root, String(p.pid), 'stat'), statLine(p))
    writeFileSync(join(root, String(p.pid), 'cmdline'), p.argv.map((a) => `${a}\0`).join(''))
  }
  for (const p of procs) write(p)
  return { root, write, remove: (pid) => rmSync(join(root, String(pid)), { recursive: true, force: true }) }
}

/** An open DRM file (fd -> /dev/dri/...) with the fdinfo amdgpu writes. */
function drmFd(root: string, pid: number, fd: number, fdinfo: string, target = '/dev/dri/renderD128'): void {
  symlinkSync(target, join(root, String(pid), 'fd', String(fd)))
  writeFileSync(join(root, String(pid), 'fdinfo', String(fd)), `pos:\t0\nflags:\t02100002\nmnt_id:\t24\ndrm-driver:\tamdgpu\n${fdinfo}`)
}

const MAIN = 100
const TREE: Fake[] = [
  { pid: 1, ppid: 0, comm: 'systemd', argv: ['/sbin/init'] },
  { pid: MAIN, ppid: 1, comm: 'kiln', argv: ['/opt/Kiln/kiln'], rssPages: 50_000 },
  { pid: 110, ppid: MAIN, comm: 'kiln', argv: ['/opt/Kiln/kiln', '--type=zygote'], rssPages: 10_000 },
  { pid: 111, ppid: 110, comm: 'kiln', argv: ['/opt/Kiln/kiln', '--type=renderer'], rssPages: 30_000 },
  { pid: 200, ppid: MAIN, comm: 'bash', argv: ['/bin/bash', '-l'], rssPages: 1000 },
  { pid: 201, ppid: 200, comm: 'python3', argv: ['python3', 'train.py'], rssPages: 9000 },
  { pid: 300, ppid: MAIN, comm: 'julia', argv: ['/home/u/.juliaup/bin/julia', '--project=.', '-i'], rssPages: 60_000 },
  { pid: 400, ppid: MAIN, comm: 'kiln', argv: ['/opt/Kiln/kiln', '/opt/Kiln/resources/app.asar/out/main/engine.js', '--model', 'm.gguf'], rssPages: 100_000 },
  { pid: 500, ppid: MAIN, comm: 'sleep', argv: ['sleep', '100'], rssPages: 10 },
  { pid: 900, ppid: 1, comm: 'firefox', argv: ['firefox'], rssPages: 999_999 },
]

describe('ProcessTree on a recorded-shape /proc', () => {
  it("groups Kiln's descendants by the child Kiln started, with kinds, RSS and counts", async () => {
    const { root } = fakeProc(TREE)
    const labels = new Map<number, ProcessLabel>([[300, { kind: 'julia', label: 'Julia REPL' }], [500, { kind: 'juliac', label: 'juliac build' }]])
    const tree = new ProcessTree({ rootPid: MAIN, procRoot: root, labels: () => labels, pageSize: 4096, clockTicks: 100 })
    const rows = await tree.sample()
    const byPid = new Map(rows.map((r) => [r.pid, r]))
    // The main process and its Chromium helpers are one 'kiln' row, first.
    expect(rows[0]).toMatchObject({ pid: MAIN, kind: 'kiln', label: 'Kiln (3 processes)', count: 3, rssBytes: 90_000 * 4096 })
    // A terminal's shell with what runs in it.
    expect(byPid.get(200)).toMatchObject({ kind: 'terminal', label: 'bash', count: 2, rssBytes: 10_000 * 4096 })
    expect(byPid.get(300)).toMatchObject({ kind: 'julia', label: 'Julia REPL', count: 1 })
    expect(byPid.get(400)).toMatchObject({ kind: 'inference', label: 'kiln engine' })
    expect(byPid.get(500)).toMatchObject({ kind: 'juliac', label: 'juliac build' }) // a service's label wins over the command line
    expect(byPid.has(900)).toBe(false) // not Kiln's
    expect(byPid.has(201)).toBe(false) // inside its shell's row
    expect(rows.map((r) => r.pid)).toEqual([MAIN, 400, 300, 200, 500]) // Kiln, then by memory
    // First reading: no earlier one to take CPU time from, so 0 rather than a made-up figure.
    expect(rows.every((r) => r.cpuPercent === 0)).toBe(true)
    expect(rows.every((r) => r.gttBytes === null && r.vramBytes === null)).toBe(true)
  })

  it('takes CPU % from utime+stime over wall time, 100 % = one core, summed over the group', async () => {
    let now = 0
    const { root, write } = fakeProc(TREE)
    const tree = new ProcessTree({ rootPid: MAIN, procRoot: root, pageSize: 4096, clockTicks: 100, now: () => now })
    await tree.sample()
    now = 2000
    write({ ...TREE[4]!, ticks: 50 }) // bash: 0.5 s of CPU in 2 s
    write({ ...TREE[5]!, ticks: 300 }) // python3 in that terminal: 3 s in 2 s (two cores busy)
    write({ ...TREE[6]!, ticks: 20 })
    const rows = new Map((await tree.sample()).map((r) => [r.pid, r]))
    expect(rows.get(200)!.cpuPercent).toBeCloseTo(175, 6)
    expect(rows.get(300)!.cpuPercent).toBeCloseTo(10, 6)
    expect(rows.get(400)!.cpuPercent).toBe(0)
  })

  it('does not take a reused pid for the old process (no CPU jump)', async () => {
    let now = 0
    const { root, write } = fakeProc(TREE)
    const tree = new ProcessTree({ rootPid: MAIN, procRoot: root, pageSize: 4096, clockTicks: 100, now: () => now })
    write({ ...TREE[6]!, ticks: 1000 })
    await tree.sample()
    now = 1000
    write({ ...TREE[6]!, ticks: 5000, start: 99_999 }) // another process with the same pid
    const row = (await tree.sample()).find((r) => r.pid === 300)!
    expect(row.cpuPercent).toBe(0)
  })

  it('sums GTT and VRAM from fdinfo of DRM fds only, each DRM client once', async () => {
    const { root } = fakeProc(TREE)
    // The engine: two fds on one client (counted once), and a second client.
    drmFd(root, 400, 20, 'drm-client-id:\t7\ndrm-memory-gtt:\t1048576 KiB\ndrm-memory-vram:\t2048 KiB\n')
    drmFd(root, 400, 21, 'drm-client-id:\t7\ndrm-memory-gtt:\t1048576 KiB\ndrm-memory-vram:\t2048 KiB\n', '/dev/dri/card1')
    drmFd(root, 400, 22, 'drm-client-id:\t9\ndrm-memory-gtt:\t512 MiB\n')
    // fdinfo with DRM keys on an fd that is not a DRM file (a pipe) is not read.
    drmFd(root, 300, 5, 'drm-client-id:\t11\ndrm-memory-gtt:\t4 GiB\n', 'pipe:[12345]')
    const tree = new ProcessTree({ rootPid: MAIN, procRoot: root, pageSize: 4096, clockTicks: 100 })
    const rows = new Map((await tree.sample()).map((r) => [r.pid, r]))
    expect(rows.get(400)).toMatchObject({ gttBytes: 2 ** 30 + 512 * 2 ** 20, vramBytes: 2048 * 1024 })
    expect(rows.get(300)).toMatchObject({ gttBytes: null, vramBytes: null })
  })

  it('sees new children at the next scan and drops finished ones at once', async () => {
    let now = 0
    const { root, write, remove } = fakeProc(TREE)
    const tree = new ProcessTree({ rootPid: MAIN, procRoot: root, pageSize: 4096, clockTicks: 100, refreshMs: 5000, now: () => now })
    await tree.sample()
    write({ pid: 600, ppid: MAIN, comm: 'juliac', argv: ['/home/u/.julia/bin/juliac', '--output-exe', 'hello', 'hello.jl'] })
    remove(500)
    now = 1000
    let pids = (await tree.sample()).map((r) => r.pid)
    expect(pids).not.toContain(500)
    expect(pids).not.toContain(600) // between scans only known pids are read
    now = 5000
    const rows = await tree.sample()
    pids = rows.map((r) => r.pid)
    expect(pids).toContain(600)
    expect(rows.find((r) => r.pid === 600)).toMatchObject({ kind: 'juliac', label: 'juliac hello.jl' })
  })

  it('names a child again once it has exec\'d (caught between fork and exec, it still looked like Kiln)', async () => {
    let now = 0
    const { root, write } = fakeProc([...TREE, { pid: 700, ppid: MAIN, comm: 'kiln', argv: ['/opt/Kiln/kiln'] }])
    const tree = new ProcessTree({ rootPid: MAIN, procRoot: root, pageSize: 4096, clockTicks: 100, now: () => now })
    expect((await tree.sample()).find((r) => r.pid === 700)).toMatchObject({ kind: 'other', label: 'kiln' })
    write({ pid: 700, ppid: MAIN, comm: 'zsh', argv: ['/usr/bin/zsh'] })
    now = 1000
    expect((await tree.sample()).find((r) => r.pid === 700)).toMatchObject({ kind: 'terminal', label: 'zsh' })
  })

  it('has no rows when the main process is not in the tree (a recorded /proc of another machine)', async () => {
    const { root } = fakeProc(TREE)
    expect(await new ProcessTree({ rootPid: 4242, procRoot: root, pageSize: 4096, clockTicks: 100 }).sample()).toEqual([])
  })
})

describe('kindFromCmdline', () => {
  it('names the children Kiln starts', () => {
    expect(kindFromCmdline(['/usr/bin/llama-server', '-m', 'x.gguf'], 'llama-server')).toMatchObject({ kind: 'inference', label: 'llama-server' })
    expect(kindFromCmdline(['/usr/bin/zsh'], 'zsh')).toMatchObject({ kind: 'terminal' })
    expect(kindFromCmdline(['-bash'], 'bash')).toMatchObject({ kind: 'terminal', label: 'bash' })
    expect(kindFromCmdline(['julia', '--startup-file=no', '-e', 'using LanguageServer; runserver()'], 'julia')).toMatchObject({ kind: 'language-server' })
    expect(kindFromCmdline(['julia', '--project', 'juliac.jl', '--output-exe', 'a', 'src/a.jl'], 'julia')).toMatchObject({ kind: 'juliac', label: 'juliac a.jl' })
    expect(kindFromCmdline([], 'weird')).toMatchObject({ kind: 'other', label: 'weird' })
  })
})

describe('ProcessTree on this machine', () => {
  it("shows this process's busy child with its CPU and memory", async () => {
    const busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' })
    const idle = spawn('sleep', ['30'], { stdio: 'ignore' })
    children.push(busy, idle)
    const tree = new ProcessTree({ rootPid: process.pid })
    await tree.sample()
    await new Promise((r) => setTimeout(r, 400))
    const rows = await tree.sample()
    const b = rows.find((r) => r.pid === busy.pid)
    const i = rows.find((r) => r.pid === idle.pid)
    expect(b).toMatchObject({ kind: 'terminal', label: 'sh', count: 1 })
    expect(b!.cpuPercent).toBeGreaterThan(40) // a core spinning (2 cores here, some slack for a loaded machine)
    expect(b!.cpuPercent).toBeLessThan(130)
    expect(b!.rssBytes).toBeGreaterThan(100_000)
    expect(i).toMatchObject({ kind: 'other', label: 'sleep 30' })
    expect(i!.cpuPercent).toBeLessThan(5)
    expect(rows[0]).toMatchObject({ pid: process.pid, kind: 'kiln' })
  })
})
