// DoctorService against fake tools (scripts replaying recorded output), a fake sysfs and /proc,
// and against this machine as it is.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DoctorProbe, DoctorReport } from '../../src-preload/contract'
import { DoctorService, type DoctorServiceOptions } from '../../src-main/services/doctor/doctor-service'
import { findOnPath } from '../../src-main/services/doctor/exec'
import { callsOf, fakeProc, fakeSysfs, fakeTool, pidOf } from './fake-tools'

const GiB = 1024 ** 3
let dir: string
let bin: string
let home: string
let settings: Record<string, string>

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-doctor-'))
  bin = join(dir, 'bin')
  home = join(dir, 'home')
  mkdirSync(bin)
  mkdirSync(home)
  settings = {}
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const doctor = (opts: Partial<DoctorServiceOptions> = {}): DoctorService =>
  new DoctorService({
    settings: { getString: (k) => settings[k] ?? '' },
    env: { PATH: bin },
    home,
    sysfsRoot: join(dir, 'sys'),
    procRoot: fakeProc(join(dir, 'proc'), 'MemTotal:       131072000 kB\nMemFree:        1000 kB\nMemAvailable:   120000000 kB\n'),
    timeoutMs: 3000,
    slowTimeoutMs: 3000,
    engineDir: async () => engineDir(),
    ...opts,
  })
/** An installed engine folder as scripts/install-engine.mjs leaves it. */
const engineDir = (): string => {
  const e = join(dir, 'engine')
  mkdirSync(join(e, 'node_modules', 'node-llama-cpp'), { recursive: true })
  writeFileSync(join(e, 'node_modules', 'node-llama-cpp', 'package.json'), '{"name":"node-llama-cpp","version":"3.22.1"}')
  writeFileSync(join(e, 'backends.json'), '{"version":"3.22.1","packages":["@node-llama-cpp/linux-x64","@node-llama-cpp/linux-x64-vulkan"]}')
  return e
}
const probe = (r: DoctorReport, id: string): DoctorProbe => {
  const p = r.probes.find((x) => x.id === id)
  if (!p) throw new Error(`no probe ${id}`)
  return p
}

describe('a workstation with everything installed', () => {
  it('finds every tool, reads its version, and runs it with the expected arguments', async () => {
    fakeTool(bin, 'julia', { stdout: 'julia-version.stdout' })
    fakeTool(bin, 'juliaup', { stdout: 'juliaup-version.stdout' })
    fakeTool(bin, 'juliac', { stdout: 'juliac-version.stdout' })
    fakeTool(bin, 'llama-server', { stderr: 'llama-server-version.stderr' })
    fakeTool(bin, 'rocm-smi', { stdout: 'rocm-smi-productname.stdout' })
    fakeTool(bin, 'amd-smi', { stdout: 'amd-smi-version.stdout' })
    fakeTool(bin, 'nvidia-smi', { stdout: 'nvidia-smi-query.stdout' })
    fakeTool(bin, 'vulkaninfo', { stdout: 'vulkaninfo-summary.stdout' })
    const sys = fakeSysfs(join(dir, 'sys'), {
      card0: { gttTotal: 96 * GiB, gttUsed: 3 * GiB, vramTotal: 512 * 1024 ** 2 },
      'card0-DP-1': {}, // a connector, not a card
    })
    const report = await doctor({ sysfsRoot: sys }).run()

    expect(report.probes.map((p) => [p.id, p.status])).toEqual([
      ['julia', 'found'],
      ['juliaup', 'found'],
      ['juliac', 'found'],
      ['llama-server', 'found'],
      ['engine', 'found'],
      ['rocm-smi', 'found'],
      ['amd-smi', 'found'],
      ['nvidia-smi', 'found'],
      ['vulkaninfo', 'found'],
      ['gtt', 'found'],
      ['memory', 'found'],
    ])
    expect(probe(report, 'julia')).toMatchObject({ version: '1.12.1', path: join(bin, 'julia') })
    expect(probe(report, 'juliaup').version).toBe('1.6.3')
    expect(probe(report, 'juliac')).toMatchObject({ version: '0.2.1', detail: expect.stringContaining('Julia 1.12.1') })
    expect(probe(report, 'llama-server')).toMatchObject({ version: '0.4.1-dev (build 10991, commit 930e2fa59)' })
    expect(probe(report, 'rocm-smi').detail).toBe('1 GPU: AMD Instinct MI300X VF')
    expect(probe(report, 'amd-smi')).toMatchObject({ version: '24.6.2+2b02a07', detail: 'amd-smi 24.6.2+2b02a07, ROCm 6.2.0' })
    expect(probe(report, 'nvidia-smi')).toMatchObject({ version: '550.54.15', detail: 'NVIDIA H100 80GB HBM3 (81559 MiB)' })
    expect(probe(report, 'vulkaninfo')).toMatchObject({ version: '1.4.321', detail: 'AMD Radeon RX 6600 XT' })
    expect(probe(report, 'gtt').detail).toBe('card0: GTT 96.0 GiB (3.0 GiB used), VRAM 512.0 MiB')
    expect(probe(report, 'memory').detail).toBe('125.0 GiB total, 114.4 GiB available')
    expect(probe(report, 'engine').detail).toBe(`node-llama-cpp 3.22.1 in ${join(dir, 'engine')}; prebuilt backends: linux-x64, linux-x64-vulkan`)
    for (const p of report.probes) expect(p.fix).toBeUndefined()

    // Argument vectors, not shell strings.
    expect(callsOf(bin, 'julia')).toEqual([['--version']])
    expect(callsOf(bin, 'nvidia-smi')).toEqual([['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader']])
    expect(callsOf(bin, 'rocm-smi')).toEqual([['--showproductname']])
    expect(callsOf(bin, 'vulkaninfo')).toEqual([['--summary']])
  })
})

describe('tools that are installed but not working', () => {
  it('reports Debian’s rocm-smi without a driver (exit 0, nothing on stdout) as found but not fine', async () => {
    fakeTool(bin, 'rocm-smi', { stderr: 'rocm-smi-no-driver.stderr', code: 0 })
    const p = probe(await doctor().run(), 'rocm-smi')
    expect(p.status).toBe('error')
    expect(p.detail).toBe('found, but the amdgpu driver is not loaded (rocm-smi: ERROR:root:Driver not initialized (amdgpu not found in modules))')
    expect(p.fix).toMatch(/modprobe amdgpu/)
    expect(p.path).toBe(join(bin, 'rocm-smi'))
  })

  it('reports amd-smi, nvidia-smi and vulkaninfo without their drivers, each with a fix', async () => {
    fakeTool(bin, 'amd-smi', { stdout: 'amd-smi-no-driver.stdout', stderr: 'amd-smi-no-driver.stderr' })
    fakeTool(bin, 'nvidia-smi', { stdout: 'nvidia-smi-no-driver.stdout', code: 9 })
    fakeTool(bin, 'vulkaninfo', { stdout: 'vulkaninfo-no-driver.stdout', code: 1 })
    const r = await doctor().run()
    expect(probe(r, 'amd-smi')).toMatchObject({ status: 'error', detail: expect.stringMatching(/amdgpu driver is not loaded/) })
    expect(probe(r, 'nvidia-smi')).toMatchObject({ status: 'error', detail: 'found, but the NVIDIA driver is not running' })
    expect(probe(r, 'vulkaninfo')).toMatchObject({ status: 'error', detail: expect.stringMatching(/Cannot create Vulkan instance/) })
    for (const id of ['amd-smi', 'nvidia-smi', 'vulkaninfo']) expect(probe(r, id).fix).toBeTruthy()
  })

  it('gives up on a tool that hangs, at its time limit, and kills what it started', async () => {
    fakeTool(bin, 'vulkaninfo', { hang: true })
    const t0 = Date.now()
    const r = await doctor({ timeoutMs: 300 }).run()
    expect(Date.now() - t0).toBeLessThan(2500)
    expect(probe(r, 'vulkaninfo')).toMatchObject({ status: 'error', detail: expect.stringMatching(/no answer in time/) })
    // The `sleep` the script started is dead too: its whole process group was killed. (It may
    // linger as a zombie until its new parent reaps it; a zombie runs nothing.)
    const sleeper = pidOf(bin, 'vulkaninfo')
    const running = (): boolean => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${sleeper}/stat`, 'utf8'))
      } catch {
        return false
      }
    }
    for (let i = 0; i < 100 && running(); i++) await new Promise((r) => setTimeout(r, 20))
    expect(running()).toBe(false)
  })

  it('says a file that is not executable is not a tool', async () => {
    fakeTool(bin, 'julia', { stdout: 'julia-version.stdout' })
    settings['julia.executablePath'] = join(dir, 'nowhere', 'julia')
    const p = probe(await doctor().run(), 'julia')
    expect(p.status).toBe('error')
    expect(p.detail).toMatch(/julia.executablePath setting is .*nowhere\/julia, which is not an executable file/)
    expect(p.fix).toMatch(/correct the julia.executablePath setting/)
  })
})

describe('where Julia tools are found', () => {
  it('prefers the path settings over PATH', async () => {
    fakeTool(bin, 'julia', { stdout: { text: 'julia version 1.11.0\n' } })
    const mine = fakeTool(join(dir, 'opt'), 'julia', { stdout: 'julia-version.stdout' })
    settings['julia.executablePath'] = mine
    const p = probe(await doctor().run(), 'julia')
    expect(p).toMatchObject({ status: 'found', version: '1.12.1', path: mine })
    expect(p.detail).toContain('setting julia.executablePath')
  })

  it('finds julia and juliaup in ~/.juliaup/bin and juliac in ~/.julia/bin when PATH has none', async () => {
    fakeTool(join(home, '.juliaup', 'bin'), 'julia', { stdout: 'julia-version.stdout' })
    fakeTool(join(home, '.juliaup', 'bin'), 'juliaup', { stdout: 'juliaup-version.stdout' })
    fakeTool(join(home, '.julia', 'bin'), 'juliac', { stdout: 'juliac-version.stdout' })
    const r = await doctor().run()
    expect(probe(r, 'julia')).toMatchObject({ status: 'found', path: join(home, '.juliaup', 'bin', 'julia') })
    expect(probe(r, 'juliaup')).toMatchObject({ status: 'found', path: join(home, '.juliaup', 'bin', 'juliaup') })
    expect(probe(r, 'juliac')).toMatchObject({ status: 'found', path: join(home, '.julia', 'bin', 'juliac') })
  })

  it('accepts an older juliac that has no --version but answers --help', async () => {
    fakeTool(bin, 'juliac', { stderr: { text: 'ERROR: Unexpected argument `--version`\n' }, code: 1 }, {
      '--help': { stdout: { text: 'juliac - compile Julia code into an executable, library, sysimage, object or bitcode\n' } },
    })
    const p = probe(await doctor().run(), 'juliac')
    expect(p).toMatchObject({ status: 'found', detail: expect.stringMatching(/version unknown/) })
    expect(callsOf(bin, 'juliac')).toEqual([['--version'], ['--help']])
  })

  it('runs `julia -m JuliaC` when there is no juliac app', async () => {
    fakeTool(bin, 'julia', { stdout: 'julia-version.stdout' }, { '--startup-file=no': { stdout: 'juliac-version.stdout' } })
    const p = probe(await doctor().run(), 'juliac')
    expect(p).toMatchObject({ status: 'found', version: '0.2.1', path: `${join(bin, 'julia')} -m JuliaC` })
    expect(callsOf(bin, 'julia')).toContainEqual(['--startup-file=no', '-m', 'JuliaC', '--version'])
  })

  it('says how to install JuliaC, and that it needs Julia 1.12', async () => {
    fakeTool(bin, 'julia', { stdout: 'julia-version.stdout' }, { '--startup-file=no': { stderr: 'julia-m-juliac-missing.stderr', code: 1 } })
    const p = probe(await doctor().run(), 'juliac')
    expect(p.status).toBe('missing')
    expect(p.fix).toContain(`julia -e 'using Pkg; Pkg.Apps.add("JuliaC")'`)

    fakeTool(bin, 'julia', { stdout: 'julia-1.10-version.stdout' }, { '--startup-file=no': { stderr: 'julia-m-juliac-missing.stderr', code: 1 } })
    const old = await doctor().run()
    expect(probe(old, 'julia')).toMatchObject({ status: 'found', version: '1.10.4', detail: expect.stringMatching(/needs Julia 1.12/) })
    expect(probe(old, 'juliac').fix).toMatch(/^juliaup add release && .*# juliac needs Julia 1.12\+ \(found 1.10.4\)$/)
  })
})

describe('the embedded engine', () => {
  it('is missing, with the command that installs it, when engine/ has no node-llama-cpp', async () => {
    const report = await doctor({ engineDir: () => Promise.reject(new Error('the embedded engine is not installed: run `npm run install-engine`')) }).run()
    expect(probe(report, 'engine')).toMatchObject({ status: 'missing', detail: expect.stringContaining('not installed'), fix: expect.stringMatching(/^npm run install-engine/) })
  })
})

describe('memory', () => {
  it('adds up GTT over several cards and skips cards without amdgpu files', async () => {
    const sys = fakeSysfs(join(dir, 'sys'), {
      card0: { vramTotal: 8 * GiB }, // not amdgpu: no GTT file
      card1: { gttTotal: 62 * GiB, vramTotal: 512 * 1024 ** 2 },
      card2: { gttTotal: 2 * GiB },
    })
    const p = probe(await doctor({ sysfsRoot: sys }).run(), 'gtt')
    expect(p.detail).toBe('64.0 GiB in all; card1: GTT 62.0 GiB, VRAM 512.0 MiB; card2: GTT 2.0 GiB')
  })

  it('falls back to the total Node reports when there is no /proc/meminfo', async () => {
    const p = probe(await doctor({ procRoot: join(dir, 'no-proc'), totalmem: () => 16 * GiB }).run(), 'memory')
    expect(p).toMatchObject({ status: 'found', detail: '16.0 GiB total' })
  })
})

describe('this machine', () => {
  it('answers quickly, with a fix for everything it lacks', async () => {
    const t0 = Date.now()
    const report = await new DoctorService({ settings: { getString: () => '' } }).run()
    expect(Date.now() - t0).toBeLessThan(10_000)
    const tools = ['julia', 'juliaup', 'juliac', 'llama-server', 'rocm-smi', 'amd-smi', 'nvidia-smi', 'vulkaninfo']
    for (const id of tools) {
      const p = probe(report, id)
      const onPath = await findOnPath(id, process.env.PATH)
      if (id === 'rocm-smi' && onPath) {
        // Debian's rocm-smi package on a machine without an AMD GPU: installed, not working.
        expect(p).toMatchObject({ status: 'error', detail: expect.stringMatching(/driver is not loaded/) })
      } else if (!onPath && !p.path) {
        expect(p.status, `${id}: ${p.detail}`).toBe('missing')
      }
      if (p.status !== 'found') expect(p.fix, id).toBeTruthy()
    }
    expect(probe(report, 'memory').status).toBe('found')
  })
})
