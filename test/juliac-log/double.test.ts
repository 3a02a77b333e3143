// The juliac double (test/fixtures/juliac-double/juliac) run as a real child process: JuliaC.jl's
// argument rules, the output layout, real ELF files, exit codes and signals per scenario.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseJuliacLog } from '../../src-main/services/juliac/log/parse'

const JULIAC = join(__dirname, '../fixtures/juliac-double/juliac')
const CACHE = mkdtempSync(join(tmpdir(), 'kiln-jd-cache-'))
const APP = 'module App\nfunction (@main)(ARGS)\n    println(Core.stdout, "hi")\n    return 0\nend\nend\n'

type Run = { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

function juliac(args: string[], cwd: string, env: Record<string, string> = {}, killAfterMs?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(JULIAC, args, { cwd, env: { ...process.env, KILN_JULIAC_DELAY: '0', KILN_JULIAC_DOUBLE_CACHE: CACHE, ...env } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), killAfterMs)
    child.on('close', (code, signal) => resolve({ code, signal, out, err }))
  })
}

const made: string[] = [CACHE]
function project(source = APP): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-jd-'))
  made.push(dir)
  writeFileSync(join(dir, 'app.jl'), source)
  return dir
}

const readelf = (file: string) => execFileSync('readelf', ['-h', '-d', file], { encoding: 'utf8' })

beforeAll(async () => {
  // The first run compiles the cached programs with cc; later runs copy them.
  await juliac(['--output-exe', 'warm', 'app.jl'], project())
}, 60_000)
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

describe('juliac double: arguments as JuliaC.jl parses them', () => {
  it('prints its version and usage', async () => {
    const dir = project()
    expect(await juliac(['--version'], dir)).toMatchObject({ code: 0, out: 'juliac version 0.2.1, julia version 1.12.1\n' })
    const help = await juliac([], dir)
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/--output-exe <name> {9}Output native executable \(name only\)/)
  })

  it('refuses --output-exe with a path, unknown flags, a missing output or input, two outputs', async () => {
    const dir = project()
    const cases: [string[], string][] = [
      [['--output-exe', 'bin/app', 'app.jl'], '--output-exe expects a name (no path). Got: bin/app'],
      [['--output-exe', 'C:\\app', 'app.jl'], '--output-exe expects a name (no path). Got: C:\\app'],
      [['--output-exe', 'app', '--cpu-target', 'znver4', 'app.jl'], 'Unexpected argument `--cpu-target`'],
      [['--output-exe', 'app', 'app.jl', 'other.jl'], 'Unexpected argument `other.jl`'],
      [['app.jl'], 'No output file specified'],
      [['--output-exe', 'app'], 'No input file specified'],
      [['--output-exe', 'app', '--output-lib', 'libx', 'app.jl'], 'Multiple output types specified'],
      [['--output-exe', 'app', '--verbose', '--quiet', 'app.jl'], '--quiet and --verbose are mutually-exclusive'],
      [['--output-exe', 'app', '--bundle-lazy-artifacts', 'app.jl'], '--bundle-lazy-artifacts requires --bundle'],
    ]
    for (const [args, message] of cases) {
      const r = await juliac(args, dir)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.err.split('\n')[0]).toBe(`ERROR: ${message}`)
      expect(parseJuliacLog(r.err).diagnostics[0]!.message).toBe(message)
    }
    expect(existsSync(join(dir, 'app'))).toBe(false)
  })

  it('fails the compile step for a missing entry file or an executable without @main', async () => {
    const dir = project('module App\nf() = 1\nend\n')
    const missing = await juliac(['--output-exe', 'app', 'nope.jl'], dir)
    expect(missing.code).toBe(1)
    expect(missing.err).toContain(`SystemError: opening file "${join(dir, 'nope.jl')}": No such file or directory`)
    expect(missing.err).toContain(`ERROR: Failed to compile ${join(dir, 'nope.jl')}`)
    const noMain = await juliac(['--output-exe', 'app', 'app.jl'], dir)
    expect(noMain.code).toBe(1)
    expect(noMain.err).toContain('To generate an executable a `@main` function must be defined.')
  })
})

describe('juliac double: outputs', () => {
  it('writes a bare executable in the working folder that runs', async () => {
    const dir = project()
    const r = await juliac(['--output-exe', 'hello', '--trim', 'app.jl'], dir)
    expect(r.code).toBe(0)
    expect(r.err).toBe('Compiling...\n✓ Compiling...\n')
    const exe = join(dir, 'hello')
    expect(statSync(exe).mode & 0o111).not.toBe(0)
    expect(readelf(exe)).toMatch(/Type:\s+DYN|Type:\s+EXEC/)
    expect(execFileSync(exe, ['a b'], { encoding: 'utf8' })).toBe('Hello from hello (kiln juliac double, runtime answer 42)\narg 1: a b\n')
  })

  it('writes the --bundle layout: bin/NAME needing lib/libjulia through RUNPATH $ORIGIN/../lib', async () => {
    const dir = project()
    const r = await juliac(['--output-exe', 'app', '--bundle', 'build', '--trim=safe', '--experimental', 'app.jl'], dir)
    expect(r.code).toBe(0)
    const b = join(dir, 'build')
    for (const f of ['bin/app', 'lib/libjulia.so.1.12', 'lib/julia/libjulia-internal.so.1.12', 'lib/julia/libopenlibm.so.4']) expect(existsSync(join(b, f)), f).toBe(true)
    expect(existsSync(join(b, 'lib/julia/libjulia-codegen.so.1.12'))).toBe(false) // trimmed: no codegen
    const dyn = readelf(join(b, 'bin/app'))
    expect(dyn).toMatch(/\(NEEDED\)\s+Shared library: \[libjulia\.so\.1\.12\]/)
    expect(dyn).toMatch(/\(RUNPATH\)\s+Library runpath: \[\$ORIGIN\/\.\.\/lib:\$ORIGIN\/\.\.\/lib\/julia\]/)
    expect(readelf(join(b, 'lib/libjulia.so.1.12'))).toMatch(/Type:\s+DYN/)
    expect(execFileSync(join(b, 'bin/app'), { encoding: 'utf8' })).toMatch(/^Hello from app/)
    expect(r.out).toMatch(/^PackageCompiler: bundled libraries:\n[\s\S]*Total library file size: /)
  })

  it('an untrimmed bundle also carries libjulia-codegen and libLLVM; --bundle alone bundles into the working folder', async () => {
    const dir = project()
    // JuliaC takes the word after --bundle as its folder when it does not start with '-'.
    expect((await juliac(['--output-exe', 'app', '--bundle', 'app.jl'], dir)).err).toMatch(/^ERROR: No input file specified$/m)
    expect((await juliac(['--output-exe', 'app', 'app.jl', '--bundle'], dir)).code).toBe(0)
    expect(existsSync(join(dir, 'bin/app'))).toBe(true)
    expect(existsSync(join(dir, 'lib/julia/libjulia-codegen.so.1.12'))).toBe(true)
    expect(existsSync(join(dir, 'lib/julia/libLLVM.so.18.1jl'))).toBe(true)
  })

  it('--output-lib adds .so, refuses another extension, and bundles into lib/', async () => {
    const dir = project()
    expect((await juliac(['--output-lib', 'out/libfoo', '--compile-ccallable', 'app.jl'], dir)).code).toBe(0)
    expect(readelf(join(dir, 'out/libfoo.so'))).toMatch(/Type:\s+DYN/)
    const bad = await juliac(['--output-lib', 'libfoo.dll', 'app.jl'], dir)
    expect(bad.code).toBe(1)
    expect(bad.err).toContain("ERROR: Invalid file extension '.dll' for --output-lib. Expected '.so' for this platform.")
    expect((await juliac(['--output-lib', 'libbar', '--bundle', 'b', 'app.jl'], dir)).code).toBe(0)
    expect(existsSync(join(dir, 'b/lib/libbar.so'))).toBe(true)
  })

  it('--verbose prints the commands and timings JuliaC prints, which the reader maps to phases', async () => {
    const dir = project()
    const r = await juliac(['--output-exe', 'app', '--bundle', 'build', '--trim', '--verbose', 'app.jl'], dir)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^Running: `julia --project=\S+ -e 'using Pkg; Pkg\.instantiate\(\); Pkg\.precompile\(\)'`$/m)
    expect(r.out).toMatch(/^Precompilation took [\d.]+ s$/m)
    expect(r.out).toMatch(/^Compilation took [\d.]+ s$/m)
    expect(r.out).toMatch(/^Linking took [\d.]+ s$/m)
    expect(r.out).toMatch(/^Linked artifact size: [\d.]+ KiB$/m)
  })

  it('records its arguments and JULIA_CPU_TARGET when KILN_JULIAC_RECORD is set', async () => {
    const dir = project()
    const rec = join(dir, 'calls.jsonl')
    await juliac(['--output-exe', 'app', 'app.jl'], dir, { KILN_JULIAC_RECORD: rec, JULIA_CPU_TARGET: 'znver4' })
    expect(JSON.parse(readFileSync(rec, 'utf8').trim())).toMatchObject({ argv: ['--output-exe', 'app', 'app.jl'], cwd: dir, cpuTarget: 'znver4' })
  })
})

describe('juliac double: scenarios', () => {
  it('verifier-errors: replays the recorded errors, fails with status 1, writes nothing', async () => {
    const dir = project()
    const r = await juliac(['--output-exe', 'app', '--trim=safe', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'verifier-errors' })
    expect(r.code).toBe(1)
    const log = parseJuliacLog(r.err)
    expect(log.diagnostics.map((d) => d.index)).toEqual([1, null])
    expect(log.diagnostics[1]!.message).toBe(`Failed to compile ${join(dir, 'app.jl')}`)
    expect(existsSync(join(dir, 'app'))).toBe(false)
  })

  it('picks the scenario from a marker comment; unsafe-warn reports the errors and still builds', async () => {
    const dir = project(`# kiln-juliac: verifier-errors\n${APP}`)
    expect((await juliac(['--output-exe', 'app', '--trim', 'app.jl'], dir)).code).toBe(1)
    const warn = await juliac(['--output-exe', 'app', '--trim=unsafe-warn', 'app.jl'], dir)
    expect(warn.code).toBe(0)
    expect(warn.err).toContain('Verifier error #1: unresolved call from statement Core._apply_iterate')
    expect(existsSync(join(dir, 'app'))).toBe(true)
    // No --trim: no verifier runs at all.
    expect((await juliac(['--output-exe', 'app3', 'app.jl'], dir)).err).toBe('Compiling...\n✓ Compiling...\n')
  })

  it('windows and warnings replay their transcripts', async () => {
    const dir = project()
    const win = await juliac(['--output-exe', 'app', '--trim', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'windows' })
    expect(win.code).toBe(1)
    expect(parseJuliacLog(win.err).errors).toBe(10)
    const w = await juliac(['--output-exe', 'app', '--trim', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'warnings' })
    expect(w.code).toBe(0)
    expect(parseJuliacLog(w.err)).toMatchObject({ errors: 0, warnings: 1 })
  })

  it('crash dies of SIGSEGV after the recorded segfault report; oom-kill dies of SIGKILL', async () => {
    const dir = project()
    const crash = await juliac(['--output-exe', 'app', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'crash' })
    expect([crash.code, crash.signal]).toEqual([null, 'SIGSEGV'])
    expect(crash.err).toContain('signal (11): Segmentation fault')
    const oom = await juliac(['--output-exe', 'app', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'oom-kill' })
    expect([oom.code, oom.signal]).toEqual([null, 'SIGKILL'])
    expect(oom.err).toBe('Compiling...\nError #1: ')
    expect(existsSync(join(dir, 'app'))).toBe(false)
  })

  it('hang runs until killed, then reports the signal like Julia', async () => {
    const dir = project()
    const started = Date.now()
    const r = await juliac(['--output-exe', 'app', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'hang' }, 800)
    expect(Date.now() - started).toBeGreaterThanOrEqual(700)
    expect(r.signal).toBe('SIGTERM')
    expect(r.err).toMatch(/\[\d+\] signal 15: Terminated\nin expression starting at none:0\n$/)
  })

  it('missing-lib builds a bundle whose lib/libjulia.so.1.12 is gone, so the program cannot start', async () => {
    const dir = project()
    expect((await juliac(['--output-exe', 'app', '--bundle', 'b', '--trim', 'app.jl'], dir, { KILN_JULIAC_SCENARIO: 'missing-lib' })).code).toBe(0)
    expect(existsSync(join(dir, 'b/bin/app'))).toBe(true)
    expect(existsSync(join(dir, 'b/lib/libjulia.so.1.12'))).toBe(false)
    expect(() => execFileSync(join(dir, 'b/bin/app'), { stdio: 'pipe' })).toThrow(/libjulia\.so\.1\.12/)
  })

  it('rejects an unknown KILN_JULIAC_SCENARIO', async () => {
    const r = await juliac(['--output-exe', 'app', 'app.jl'], project(), { KILN_JULIAC_SCENARIO: 'explode' })
    expect(r.code).toBe(1)
    expect(r.err).toContain("unknown KILN_JULIAC_SCENARIO 'explode'")
  })
})
