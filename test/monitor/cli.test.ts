// `kiln monitor` as a user runs it: the built CLI (KILN_OUT_DIR honoured) on this machine, with
// recorded APU sysfs and tool output, with bad arguments, and until Ctrl-C.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cpus } from 'node:os'
import { describe, expect, it } from 'vitest'
import type { MonitorSample } from '../../src-preload/contract'

const ROOT = join(__dirname, '..', '..')
const KILN = join(ROOT, 'bin', 'kiln.js')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'sysfs-apu')
const TOOLS = join(ROOT, 'test', 'fixtures', 'monitor')
const GiB = 2 ** 30

function kiln(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const cli = join(ROOT, process.env.KILN_OUT_DIR ?? 'out', 'main', 'cli.js')
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before these tests`)
  const r = spawnSync(process.execPath, [KILN, 'monitor', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '')

describe('kiln monitor', () => {
  it('--once --json: one sample of this machine', () => {
    const r = kiln(['--once', '--json'])
    expect(r.code).toBe(0)
    expect(lines(r.stdout)).toHaveLength(1)
    const s = JSON.parse(r.stdout) as MonitorSample
    const nproc = Number(execFileSync('nproc', ['--all'], { encoding: 'utf8' }).trim())
    expect(s.cpu.perCore).toHaveLength(nproc)
    const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024
    expect(s.memory.total).toBe(memTotal)
    expect(Math.abs(s.t - Date.now())).toBeLessThan(20_000)
    expect(s.processes[0]).toMatchObject({ kind: 'kiln' })
    expect(s.headroom.detail).toMatch(/GiB/)
  })

  it("--replay of the APU's sysfs: GTT used/total, busy %, °C, W and the headroom", () => {
    const r = kiln(['--once', '--json', '--replay', `sysfs=${join(FIXTURE, 'sys')},proc=${join(FIXTURE, 'proc')}`])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.stdout) as MonitorSample
    expect(s.gpus).toHaveLength(1)
    expect(s.gpus[0]).toMatchObject({ id: 'card1', apu: true, busyPercent: 87, gttUsed: 20 * GiB, gttTotal: 124 * GiB, temperatureC: 52, powerW: 38, sources: ['sysfs'] })
    expect(s.memory).toMatchObject({ available: 100 * GiB })
    expect(s.headroom.detail).toMatch(/on the APU/)
    // The recorded /proc has no stat (one moment cannot give CPU use): CPU is this machine's.
    expect(s.cpu.perCore).toHaveLength(cpus().length)
    expect(r.stderr).not.toMatch(/proc failing/)
  })

  it('a human line per sample without --json', () => {
    const r = kiln(['--once', '--replay', `sysfs=${join(FIXTURE, 'sys')},proc=${join(FIXTURE, 'proc')}`])
    expect(r.code).toBe(0)
    expect(lines(r.stdout)).toHaveLength(1)
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d \| CPU [\d.]+% \| mem 24\.5 GiB\/125 GiB \| card1 \(APU\) busy 87% GTT 20\.0 GiB\/124 GiB VRAM 0\.2 GiB\/0\.5 GiB 52°C 38\.0 W \| headroom 100 GiB\n$/)
  })

  it('--replay of recorded rocm-smi and amd-smi output: one GPU (index 0 of both), rocm-smi first', () => {
    const r = kiln(['--once', '--json', '--replay', `rocm-smi=${join(TOOLS, 'rocm-smi-rx7900xtx.json')},amd-smi=${join(TOOLS, 'amd-smi-metric-gpu-data.json')}`])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.stdout) as MonitorSample
    expect(s.gpus).toHaveLength(1)
    // The RX 7900 XTX's figures as rocm-smi printed them (bytes, °C, W).
    expect(s.gpus[0]).toMatchObject({ vendor: 'amd', vramTotal: 25753026560, vramUsed: 794341376, temperatureC: 49, powerW: 19, sources: ['rocm-smi', 'amd-smi'] })
    expect(s.headroom.bytes).toBe(25753026560 - 794341376 + s.memory.available)
  })

  it('garbage from a tool: the sample still comes, the tool is named failing on stderr', () => {
    const r = kiln(['--once', '--json', '--replay', `rocm-smi=${join(TOOLS, 'garbage-truncated.json')},sysfs=${join(FIXTURE, 'sys')}`])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.stdout) as MonitorSample
    expect(s.gpus.map((g) => g.id)).toEqual(['card1'])
    expect(r.stderr).toMatch(/^kiln monitor: rocm-smi failing: .*not JSON/m)
  })

  it.each([
    [['--replay', 'gpu=/tmp'], /unknown key 'gpu' \(keys: rocm-smi, amd-smi, nvidia-smi, sysfs, proc\)/],
    [['--replay', 'sysfs=/no/such/folder'], /sysfs: no such folder: \/no\/such\/folder/],
    [['--replay', `sysfs=${join(TOOLS, 'SOURCES.md')}`], /sysfs needs a folder/],
    [['--replay', `rocm-smi=${TOOLS}`], /rocm-smi needs a file of recorded output/],
    [['--replay', 'rocm-smi='], /rocm-smi= needs a file/],
    [['--interval', '10'], /--interval takes milliseconds from 250 to 60000, not '10'/],
    [['--interval'], /--interval needs a value/],
    [['--watch'], /unknown argument --watch/],
  ])('bad arguments %j: exit 2 and say why', (args, message) => {
    const r = kiln(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toMatch(/Usage: kiln monitor/)
  })

  it('samples at --interval until Ctrl-C, then exits 0', async () => {
    const child = spawn(process.execPath, [KILN, 'monitor', '--json', '--interval', '250'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const until = Date.now() + 10_000
    while (lines(out).length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(lines(out).length).toBeGreaterThanOrEqual(3)
    const ts = lines(out).map((l) => (JSON.parse(l) as MonitorSample).t)
    expect(ts[2]! - ts[1]!).toBeGreaterThan(150)
    expect(ts[2]! - ts[1]!).toBeLessThan(1000)
    const stopAt = Date.now()
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(Date.now() - stopAt).toBeLessThan(2000)
  }, 20_000)
})
