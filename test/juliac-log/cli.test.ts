// `kiln juliac-log FILE [--json]` through runCli, on the recorded transcripts.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src-main/cli'

const T = join(__dirname, '../fixtures/juliac-double/transcripts')

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
  return { code, out, err }
}

describe('kiln juliac-log', () => {
  it('prints the documented JSON for a Windows log', async () => {
    const { code, out, err } = await run(['juliac-log', join(T, 'windows.txt'), '--json'])
    expect([code, err]).toEqual([0, ''])
    const j = JSON.parse(out) as { diagnostics: { severity: string; index: number | null; message: string; frames: { func: string; file: string; line: number | null }[] }[]; errors: number; warnings: number }
    expect(Object.keys(j)).toEqual(['diagnostics', 'errors', 'warnings'])
    expect(j.errors).toBe(10)
    expect(j.warnings).toBe(0)
    expect(Object.keys(j.diagnostics[0]!)).toEqual(['severity', 'index', 'message', 'frames'])
    expect(j.diagnostics[0]!.index).toBe(10)
    expect(j.diagnostics[0]!.frames[11]).toEqual({ func: '__init__()', file: '.\\libblastrampoline_jll\\src\\libblastrampoline_jll.jl', line: 58 })
  })

  it('prints a readable listing without --json', async () => {
    const { code, out } = await run(['juliac-log', join(T, 'trimcheck.txt')])
    expect(code).toBe(0)
    expect(out).toMatch(/^error #1: unresolved call from statement Base\.getproperty/m)
    expect(out).toMatch(/^ {2}stacktraces\.jl:148 {2}lookup\(ip::InterpreterIP\)$/m)
    expect(out).toMatch(/^11 errors, 0 warnings \(juliac's summary; 1 listed in the log\)$/m)
    expect((await run(['juliac-log', join(T, 'success.txt')])).out).toBe('0 errors, 0 warnings\n')
  })

  it('says clearly when the file is missing or is a folder, with exit status 2', async () => {
    const missing = await run(['juliac-log', join(T, 'nope.txt'), '--json'])
    expect(missing).toEqual({ code: 2, out: '', err: `kiln juliac-log: cannot read ${join(T, 'nope.txt')}: no such file\n` })
    const dir = await mkdtemp(join(tmpdir(), 'kiln-jlog-'))
    expect(await run(['juliac-log', dir])).toMatchObject({ code: 2, err: `kiln juliac-log: ${dir} is a directory, not a log file\n` })
  })

  it('rejects bad arguments with a usage message', async () => {
    const none = await run(['juliac-log'])
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/no FILE given[\s\S]*Usage: kiln juliac-log FILE/)
    expect((await run(['juliac-log', 'a', '--xml'])).err).toMatch(/unknown option --xml/)
    expect((await run(['juliac-log', '--help'])).code).toBe(0)
  })
})
