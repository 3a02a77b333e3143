// `kiln doctor`, run in-process as the dispatcher runs it, reading a settings file from
// $KILN_USER_DATA.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DoctorReport } from '../../src-preload/contract'
import { doctorCommand } from '../../src-main/cli/doctor'
import { fakeTool } from './fake-tools'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-doctor-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s) }
  const code = await doctorCommand(argv, io, {
    env,
    doctor: { home: join(dir, 'home'), sysfsRoot: join(dir, 'sys'), timeoutMs: 3000, slowTimeoutMs: 3000 },
  })
  return { code, out, err }
}

describe('kiln doctor', () => {
  it('--json prints the report, using the tool paths from the settings file', async () => {
    const julia = fakeTool(join(dir, 'opt'), 'julia', { stdout: 'julia-version.stdout' })
    const userData = join(dir, 'user')
    mkdirSync(userData)
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ 'julia.executablePath': julia }))
    const { code, out } = await run(['--json'], { PATH: join(dir, 'empty'), KILN_USER_DATA: userData })
    expect(code).toBe(0)
    const report = JSON.parse(out) as DoctorReport
    expect(report.probes.map((p) => p.id)).toEqual([
      'julia', 'juliaup', 'juliac', 'llama-server', 'engine', 'rocm-smi', 'amd-smi', 'nvidia-smi', 'vulkaninfo', 'gtt', 'memory',
    ])
    expect(report.probes[0]).toMatchObject({ id: 'julia', status: 'found', version: '1.12.1', path: julia })
    expect(typeof report.durationMs).toBe('number')
  })

  it('prints a table with ✓ and ✗, and the fix under each missing item', async () => {
    fakeTool(join(dir, 'bin'), 'julia', { stdout: 'julia-version.stdout' })
    const { code, out } = await run([], { PATH: join(dir, 'bin'), KILN_USER_DATA: join(dir, 'user') })
    expect(code).toBe(0)
    const lines = out.split('\n')
    expect(lines[0]).toMatch(/^✓ Julia\s+Julia 1\.12\.1 \(PATH\)$/)
    const juliaup = lines.findIndex((l) => l.startsWith('✗ juliaup'))
    expect(juliaup).toBeGreaterThan(0)
    expect(lines[juliaup + 1]).toMatch(/^\s+fix: curl -fsSL https:\/\/install\.julialang\.org \| sh$/)
    expect(lines.filter((l) => l.startsWith('✗')).length).toBe(lines.filter((l) => /^\s+fix: /.test(l)).length)
    // julia, the embedded engine (installed with the checkout), and memory wherever /proc/meminfo exists
    expect(out).toMatch(/2 found|3 found/)
    expect(out).toMatch(/^✓ Embedded engine \(node-llama-cpp\)\s+node-llama-cpp 3\.\d+\.\d+ in /m)
    expect(out).toContain(join(dir, 'user', 'settings.json'))
  })

  it('mentions a broken settings file on stderr and still reports', async () => {
    const userData = join(dir, 'user')
    mkdirSync(userData)
    writeFileSync(join(userData, 'settings.json'), '{ nope')
    const { code, out, err } = await run(['--json'], { PATH: '', KILN_USER_DATA: userData })
    expect(code).toBe(0)
    expect(err).toMatch(/^kiln doctor: settings: .*settings\.json: not valid JSON/)
    expect(JSON.parse(out).probes).toHaveLength(11)
  })

  it('rejects unknown arguments with the usage', async () => {
    expect(await run(['--yaml'], {})).toMatchObject({ code: 2, err: expect.stringMatching(/unknown argument --yaml[\s\S]*Usage: kiln doctor/) })
  })
})
