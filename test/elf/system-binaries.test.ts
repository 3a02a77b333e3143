// The ELF report against GNU readelf on this machine's own binaries, and on hand-written ELF files
// of the classes, byte orders and machines this machine cannot build (ELF32, big endian).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeElf, inspectElf } from '../../src-main/services/juliac/elf/report'
import { expectAgreesWithReadelf, haveTool } from './readelf'
import { synthElf, type SynthSpec } from './synth'

const hasReadelf = haveTool('readelf')
const tmp = mkdtempSync(join(tmpdir(), 'kiln-elf-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A shared library of this system that needs others and has no PT_INTERP (a plain .so). */
function systemLibrary(): string | null {
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib']) {
    if (!existsSync(dir)) continue
    for (const name of ['libz.so.1', 'libselinux.so.1', 'libstdc++.so.6', 'libpcre2-8.so.0']) {
      const p = join(dir, name)
      if (existsSync(p)) return p
    }
    const any = readdirSync(dir).find((n) => /^lib[a-z]+\.so\.\d+$/.test(n))
    if (any) return join(dir, any)
  }
  return null
}

describe.skipIf(!hasReadelf)('the ELF report agrees with readelf on system binaries', () => {
  const binaries = [
    ['/bin/ls', '/bin/ls'],
    ['node (process.execPath)', process.execPath],
    ['a system shared library', systemLibrary()],
  ] as const

  for (const [label, path] of binaries) {
    it.skipIf(path === null || !existsSync(path ?? ''))(`${label}`, async () => {
      const report = await inspectElf(path!, { bundleLibDirs: [] })
      expectAgreesWithReadelf(report, path!)
      // A working system binary finds every library it needs, each a real file.
      expect(report.missing).toEqual([])
      for (const n of report.needed) {
        expect(n.via).toBe('system')
        expect(existsSync(n.resolved!)).toBe(true)
      }
    })
  }

  it('a shared library is DYN without being a PIE, and names its SONAME', async () => {
    const lib = systemLibrary()
    if (lib === null) return
    const { report, details } = await analyzeElf(lib, { bundleLibDirs: [] })
    expect(report.type).toBe('DYN')
    expect(report.pie).toBe(false)
    expect(report.interpreter).toBeNull()
    expect(details.soname).toMatch(/^lib.*\.so/)
  })
})

describe.skipIf(!hasReadelf)('hand-written ELF files of other classes and byte orders', () => {
  const cases: [string, SynthSpec][] = [
    ['ELF32 big-endian PowerPC PIE, executable stack, full RELRO, RUNPATH', { is64: false, little: false, machine: 20, type: 3, interp: '/lib/ld.so.1', needed: ['libc.so.6', 'libm.so.6'], runpath: '$ORIGIN/../lib:/opt/x', stack: 7, relro: true, flags: 8, flags1: 0x08000001 }],
    ['ELF32 little-endian ARM executable, partial RELRO, RPATH', { is64: false, little: true, machine: 40, type: 2, interp: '/lib/ld-linux-armhf.so.3', needed: ['libc.so.6'], rpath: '/opt/arm/lib', stack: 6, relro: true }],
    ['ELF64 big-endian s390x shared object, no RELRO', { is64: true, little: false, machine: 22, type: 3, needed: ['libc.so.6'], stack: 6 }],
    ['ELF64 AArch64 PIE flagged only by DF_1_PIE', { is64: true, little: true, machine: 183, type: 3, needed: ['libc.so.6'], stack: 6, relro: true, flags1: 0x08000000 }],
  ]
  for (const [label, spec] of cases) {
    it(label, async () => {
      const path = join(tmp, label.replace(/\W+/g, '-'))
      writeFileSync(path, synthElf(spec))
      const report = await inspectElf(path, { bundleLibDirs: [], systemLibDirs: [] })
      expectAgreesWithReadelf(report, path)
      expect(report.interpreter).toBe(spec.interp ?? null)
      // No section headers: nothing shows a .symtab.
      expect(report.stripped).toBe(true)
      // Foreign libraries are not found on this machine, and are said to be missing.
      expect(report.missing).toEqual(spec.needed)
    })
  }

  it('a missing PT_GNU_STACK means an executable stack on x86-64 but not on AArch64', async () => {
    const x86 = join(tmp, 'nostack-x86')
    const arm = join(tmp, 'nostack-arm')
    writeFileSync(x86, synthElf({ is64: true, little: true, machine: 62, interp: '/lib64/ld-linux-x86-64.so.2', stack: null }))
    writeFileSync(arm, synthElf({ is64: true, little: true, machine: 183, interp: '/lib/ld-linux-aarch64.so.1', stack: null }))
    const a = await analyzeElf(x86, { bundleLibDirs: [] })
    expect(a.report.nxStack).toBe(false)
    expect(a.details.notes.join('\n')).toMatch(/no PT_GNU_STACK segment: the stack is executable on x86-64/)
    const b = await analyzeElf(arm, { bundleLibDirs: [] })
    expect(b.report.nxStack).toBe(true)
    expect(b.details.notes.join('\n')).toMatch(/AArch64 defaults to a non-executable stack/)
  })
})

describe('the interpreter', () => {
  it('a PT_INTERP that does not exist here is said to stop the program from starting', async () => {
    const path = join(tmp, 'musl-app')
    writeFileSync(path, synthElf({ is64: true, little: true, machine: 62, interp: '/lib/ld-kiln-nowhere.so.1', needed: ['libc.so'] }))
    const { report, details } = await analyzeElf(path, { bundleLibDirs: [] })
    expect(report.interpreter).toBe('/lib/ld-kiln-nowhere.so.1')
    expect(details.notes).toContain('the interpreter /lib/ld-kiln-nowhere.so.1 is not on this system: the program cannot start here')
    expect((await analyzeElf('/bin/ls', { bundleLibDirs: [] })).details.notes).toEqual([])
  })
})
