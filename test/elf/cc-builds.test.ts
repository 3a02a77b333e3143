// Binaries built here with `cc`, each with flags that flip one property of the report, checked
// against readelf and, for library resolution, against what the real dynamic loader does.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeElf, inspectElf } from '../../src-main/services/juliac/elf/report'
import { expectAgreesWithReadelf, haveTool } from './readelf'

const hasCc = haveTool('cc') && haveTool('readelf')
const tmp = mkdtempSync(join(tmpdir(), 'kiln-elf-cc-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const PROGRAM = `#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  char buf[64];
  sprintf(buf, "%s:%d", argv[0], argc);
  memcpy(buf + 8, argv[0], strlen(argv[0]) % 32);
  puts(buf);
  return 0;
}
`
const cc = (args: string[]): void => void execFileSync('cc', args, { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] })

describe.skipIf(!hasCc)('binaries built with cc: each flag shows in the report as readelf sees it', () => {
  beforeAll(() => writeFileSync(join(tmp, 'prog.c'), PROGRAM))
  const build = (name: string, flags: string[]): string => {
    const out = join(tmp, name)
    cc([...flags, 'prog.c', '-o', out])
    return out
  }

  it('hardened: PIE, NX, full RELRO, stack protector, FORTIFY, symbols kept', async () => {
    const bin = build('hardened', ['-O2', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-fPIE', '-pie', '-Wl,-z,relro,-z,now', '-Wl,-z,noexecstack'])
    const { report, details } = await analyzeElf(bin, { bundleLibDirs: [] })
    expectAgreesWithReadelf(report, bin)
    expect(report).toMatchObject({ type: 'DYN', pie: true, nxStack: true, relro: 'full', stackProtector: true, fortify: true, stripped: false })
    expect(details.fortified).toEqual(['__sprintf_chk'])
    expect(report.needed.map((n) => n.name)).toContain('libc.so.6')
  })

  it('soft: -no-pie, -z execstack, -z norelro, no canary, no FORTIFY, -s', async () => {
    const bin = build('soft', ['-O0', '-U_FORTIFY_SOURCE', '-fno-stack-protector', '-fno-pie', '-no-pie', '-z', 'execstack', '-z', 'norelro', '-s'])
    const report = await inspectElf(bin, { bundleLibDirs: [] })
    expectAgreesWithReadelf(report, bin)
    expect(report).toMatchObject({ type: 'EXEC', pie: false, nxStack: false, relro: 'none', stackProtector: false, fortify: false, stripped: true })
  })

  it('-z relro with lazy binding is partial RELRO', async () => {
    const bin = build('partial', ['-O0', '-Wl,-z,relro,-z,lazy'])
    const report = await inspectElf(bin, { bundleLibDirs: [] })
    expectAgreesWithReadelf(report, bin)
    expect(report.relro).toBe('partial')
  })

  it("-rpath '$ORIGIN/../lib' is a RUNPATH with new dtags and an RPATH with --disable-new-dtags", async () => {
    const runpath = await inspectElf(build('runpath', ['-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib:/opt/kiln/lib']), { bundleLibDirs: [] })
    expectAgreesWithReadelf(runpath, join(tmp, 'runpath'))
    expect(runpath.runpath).toEqual(['$ORIGIN/../lib', '/opt/kiln/lib'])
    expect(runpath.rpath).toEqual([])
    const rpath = await inspectElf(build('rpath', ['-Wl,--disable-new-dtags,-rpath,$ORIGIN/../lib']), { bundleLibDirs: [] })
    expectAgreesWithReadelf(rpath, join(tmp, 'rpath'))
    expect(rpath.rpath).toEqual(['$ORIGIN/../lib'])
    expect(rpath.runpath).toEqual([])
  })
})

describe.skipIf(!hasCc)('needed libraries are found where the dynamic loader finds them', () => {
  // rp/lib/libkiln.so says "rp"; ld/libkiln.so says "ld" (the bundle folder, as on LD_LIBRARY_PATH).
  const rpLib = join(tmp, 'rp', 'lib')
  const ldLib = join(tmp, 'ld')
  const bin = join(tmp, 'rp', 'bin')
  const app = (name: string) => join(bin, name)

  beforeAll(() => {
    for (const d of [rpLib, ldLib, bin]) mkdirSync(d, { recursive: true })
    for (const [dir, word] of [[rpLib, 'rp'], [ldLib, 'ld']] as const) {
      writeFileSync(join(dir, 'kiln.c'), `const char *kiln_where(void) { return "${word}"; }\n`)
      cc(['-shared', '-fPIC', '-Wl,-soname,libkiln.so', join(dir, 'kiln.c'), '-o', join(dir, 'libkiln.so')])
    }
    writeFileSync(join(tmp, 'app.c'), '#include <stdio.h>\nconst char *kiln_where(void);\nint main(void) { puts(kiln_where()); return 0; }\n')
    const link = (name: string, flags: string[]) => cc(['app.c', '-o', app(name), `-L${rpLib}`, '-lkiln', ...flags])
    link('app-runpath', ['-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib'])
    link('app-rpath', ['-Wl,--disable-new-dtags,-rpath,$ORIGIN/../lib'])
    link('app-plain', [])
  })

  /** What the real loader picks: the program prints which libkiln.so it got. */
  const loaderPicks = (exe: string, libraryPath: string | null): string => {
    const env = { ...process.env }
    delete env.LD_LIBRARY_PATH
    if (libraryPath) env.LD_LIBRARY_PATH = libraryPath
    const r = spawnSync(exe, [], { env, encoding: 'utf8' })
    return r.status === 0 ? r.stdout.trim() : `failed: ${r.stderr.trim()}`
  }
  const kiln = async (exe: string, bundleLibDirs: string[]) => (await inspectElf(exe, { bundleLibDirs })).needed.find((n) => n.name === 'libkiln.so')

  it('RUNPATH comes after the bundle folders; RPATH before them', async () => {
    expect(loaderPicks(app('app-runpath'), ldLib)).toBe('ld')
    expect(await kiln(app('app-runpath'), [ldLib])).toEqual({ name: 'libkiln.so', resolved: join(ldLib, 'libkiln.so'), via: 'bundle' })
    expect(loaderPicks(app('app-rpath'), ldLib)).toBe('rp')
    expect(await kiln(app('app-rpath'), [ldLib])).toEqual({ name: 'libkiln.so', resolved: join(rpLib, 'libkiln.so'), via: 'rpath' })
  })

  it('$ORIGIN is the folder of the binary itself, even through a symlink', async () => {
    const link = join(tmp, 'link-to-app')
    symlinkSync(app('app-runpath'), link)
    expect(loaderPicks(link, null)).toBe('rp')
    expect(await kiln(link, [])).toEqual({ name: 'libkiln.so', resolved: join(rpLib, 'libkiln.so'), via: 'rpath' })
  })

  it('a library found nowhere is flagged missing, as the loader fails to start the program', async () => {
    expect(loaderPicks(app('app-plain'), null)).toMatch(/libkiln\.so: cannot open shared object file/)
    const report = await inspectElf(app('app-plain'), { bundleLibDirs: [] })
    expect(report.missing).toEqual(['libkiln.so'])
    expect(report.needed.find((n) => n.name === 'libkiln.so')).toEqual({ name: 'libkiln.so', resolved: null, via: null })
    expect(report.needed.find((n) => n.name === 'libc.so.6')?.via).toBe('system')
    // The bundle's lib folder provides it.
    expect((await inspectElf(app('app-plain'), { bundleLibDirs: [ldLib] })).missing).toEqual([])
  })

  it('deleting the library a RUNPATH points at makes it missing', async () => {
    rmSync(join(rpLib, 'libkiln.so'))
    expect(loaderPicks(app('app-runpath'), null)).toMatch(/cannot open shared object file/)
    expect((await inspectElf(app('app-runpath'), { bundleLibDirs: [] })).missing).toEqual(['libkiln.so'])
  })
})
