// `kiln inspect`, run in-process as the dispatcher runs it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, USAGE } from '../../src-main/cli'
import { inspectCommand } from '../../src-main/cli/inspect'
import { inspectElf } from '../../src-main/services/juliac/elf/report'
import { synthElf } from './synth'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-inspect-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await inspectCommand(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
  return { code, out, err }
}

/** A juliac-style bundle: bin/app needs libkilnfake.so.1 (in lib/) and libc.so.6 (system). */
function bundle(): { root: string; app: string; lib: string } {
  const root = join(tmp, 'bundle')
  mkdirSync(join(root, 'bin'), { recursive: true })
  mkdirSync(join(root, 'lib', 'julia'), { recursive: true })
  const app = join(root, 'bin', 'app')
  writeFileSync(app, synthElf({ is64: true, little: true, machine: 62, type: 3, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libkilnfake.so.1', 'libc.so.6'], relro: true, flags: 8 }))
  const lib = join(root, 'lib', 'libkilnfake.so.1')
  // Any x86-64 ELF file serves as the library: the loader and the report check its header.
  copyFileSync('/bin/ls', lib)
  return { root, app, lib }
}

describe('kiln inspect', () => {
  it('--json prints exactly the ElfReport the service returns', async () => {
    const { code, out, err } = await run('/bin/ls', '--json')
    expect(code).toBe(0)
    expect(err).toBe('')
    const report = JSON.parse(out) as Record<string, unknown>
    expect(report).toEqual(await inspectElf('/bin/ls', { bundleLibDirs: [] }))
    expect(Object.keys(report)).toEqual(['path', 'class', 'machine', 'type', 'pie', 'nxStack', 'relro', 'stackProtector', 'fortify', 'rpath', 'runpath', 'stripped', 'interpreter', 'needed', 'missing', 'notes'])
  })

  it('prints a checksec-like table without --json', async () => {
    const { code, out } = await run('/bin/ls')
    expect(code).toBe(0)
    expect(out).toMatch(/^\/bin\/ls\n/)
    for (const row of ['Class', 'Machine', 'Type', 'PIE', 'NX stack', 'RELRO', 'Stack canary', 'FORTIFY', 'RPATH', 'RUNPATH', 'Symbols'])
      expect(out).toMatch(new RegExp(`^  ${row} +\\S`, 'm'))
    expect(out).toMatch(/^  Machine +x86-64$/m)
    expect(out).toMatch(/^Needed libraries \(\d+\)$/m)
    expect(out).toMatch(/^  libc\.so\.6 +\/\S+libc\.so\.6 \(system\)$/m)
  })

  it("searches a bundle's lib folders for a binary in its bin/, and flags a library deleted from it", async () => {
    const { app, lib } = bundle()
    const found = await run(app)
    expect(found.code).toBe(0)
    expect(found.out).toContain(`libkilnfake.so.1  ${lib} (bundle)`)
    rmSync(lib)
    const missing = await run(app)
    expect(missing.code).toBe(0)
    expect(missing.out).toMatch(/^Needed libraries \(2, 1 missing\)$/m)
    expect(missing.out).toMatch(/^  libkilnfake\.so\.1 +MISSING/m)
    expect(JSON.parse((await run(app, '--json')).out)).toMatchObject({ missing: ['libkilnfake.so.1'] })
    // --lib adds a folder to search.
    const elsewhere = join(tmp, 'elsewhere')
    mkdirSync(elsewhere)
    copyFileSync('/bin/ls', join(elsewhere, 'libkilnfake.so.1'))
    expect(JSON.parse((await run(app, '--json', '--lib', elsewhere)).out)).toMatchObject({ missing: [] })
  })

  it('a file that is not ELF, a missing file, and usage errors exit 2 with a message', async () => {
    const text = join(tmp, 'notes.txt')
    writeFileSync(text, 'hello\n')
    expect(await run(text)).toEqual({ code: 2, out: '', err: `kiln inspect: ${text} is not an ELF file (it does not start with \\x7fELF)\n` })
    expect(await run(join(tmp, 'gone'))).toEqual({ code: 2, out: '', err: `kiln inspect: ${join(tmp, 'gone')}: no such file\n` })
    expect((await run()).err).toMatch(/no BINARY given/)
    expect((await run('--frobnicate', '/bin/ls')).code).toBe(2)
    expect((await run('/bin/ls', '--lib')).err).toMatch(/--lib needs a folder/)
  })

  it('is a kiln command, listed in the help', async () => {
    expect(USAGE).toMatch(/^ {2}inspect BINARY \[--json\]/m)
    let out = ''
    expect(await runCli(['inspect', '--help'], { stdout: (s) => void (out += s), stderr: () => {} })).toBe(0)
    expect(out).toMatch(/^Usage: kiln inspect BINARY/)
  })
})
