// The ELF report behind the Artifacts view and `kiln inspect`: what the binary is, how it is
// hardened (checksec's checks: PIE, NX stack, RELRO, stack protector, FORTIFY), and whether every
// library it needs can be found. Plain TypeScript over bounded reads; no readelf, no native code.
import { access, realpath } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { ElfReport } from '../../../../src-preload/contract'
import { readDynamic } from './dynamic'
import { corrupt, ElfFile } from './file'
import { EM, ET_DYN, machineName, readHeader, typeName } from './header'
import { loadLdCache } from './ldcache'
import { resolveNeeded } from './resolve'
import { readSections } from './sections'
import { PF_X, PT, readInterpreter, readSegments } from './segments'
import { scanSymbols } from './symbols'

export type InspectOptions = {
  /** The bundle's library folders (`lib`, `lib/julia`), searched like LD_LIBRARY_PATH. */
  bundleLibDirs: string[]
  /** Replaces /etc/ld.so.cache and the default folders (tests, foreign sysroots). */
  systemLibDirs?: string[]
  /** For tests: another ld.so.cache. */
  ldCachePath?: string
}

/** What the report's booleans rest on, for the readable table and the notes under it. */
export type ElfDetails = {
  endian: 'little' | 'big'
  soname: string | null
  bindNow: boolean
  gnuRelro: boolean
  /** PT_GNU_STACK's flags as `RW`/`RWX`, or null when the segment is absent. */
  gnuStack: string | null
  fortified: string[]
  notes: string[]
}

export async function inspectElf(absPath: string, opts: InspectOptions): Promise<ElfReport> {
  return (await analyzeElf(absPath, opts)).report
}

/** Machines whose glibc defaults to a non-executable stack when PT_GNU_STACK is absent (sysdeps/<arch>/stackinfo.h). */
const NX_BY_DEFAULT = new Set<number>([EM.aarch64, EM.riscv, EM.loongarch])

export async function analyzeElf(absPath: string, opts: InspectOptions): Promise<{ report: ElfReport; details: ElfDetails }> {
  const file = await ElfFile.open(absPath)
  try {
    const h = await readHeader(file)
    const segments = await readSegments(file, h)
    const sections = await readSections(file, h)
    const interpreter = await readInterpreter(file, segments)
    const dyn = await readDynamic(file, h, segments, sections)
    const syms = await scanSymbols(file, h, sections)
    const notes: string[] = [...syms.skipped]

    const stack = segments.find((s) => s.type === PT.GNU_STACK)
    let nxStack: boolean
    if (stack) nxStack = (stack.flags & PF_X) === 0
    else if (h.type === 1 || h.type === 4) nxStack = false
    else {
      nxStack = NX_BY_DEFAULT.has(h.machine)
      notes.push(
        nxStack
          ? `no PT_GNU_STACK segment: ${machineName(h.machine)} defaults to a non-executable stack`
          : `no PT_GNU_STACK segment: the stack is executable on ${machineName(h.machine)} (link with -z noexecstack)`,
      )
    }
    const gnuRelro = segments.some((s) => s.type === PT.GNU_RELRO)
    const bindNow = dyn?.bindNow ?? false
    if (sections.length === 0) notes.push('no section headers: stack protector and FORTIFY cannot be seen')
    if (h.type === 1) notes.push('a relocatable object (.o): PIE, RELRO and libraries are decided when it is linked')
    if (interpreter !== null && !(await exists(interpreter))) notes.push(`the interpreter ${interpreter} is not on this system: the program cannot start here`)
    if (dyn && dyn.rpath.length > 0 && dyn.runpath.length > 0) notes.push('DT_RPATH is ignored because DT_RUNPATH is present')

    const origin = dirname(await realpath(absPath).catch(() => absPath))
    const needed = await resolveNeeded(
      dyn?.needed ?? [],
      { is64: h.is64, little: h.little, machine: h.machine },
      {
        rpath: dyn?.rpath ?? [],
        runpath: dyn?.runpath ?? [],
        origin,
        bundleLibDirs: opts.bundleLibDirs.map((d) => resolve(d)),
        systemLibDirs: opts.systemLibDirs,
        cache: opts.systemLibDirs ? new Map() : await loadLdCache(opts.ldCachePath),
      },
    )
    const report: ElfReport = {
      path: absPath,
      class: h.is64 ? 'ELF64' : 'ELF32',
      machine: machineName(h.machine),
      type: typeName(h.type),
      pie: h.type === ET_DYN && (interpreter !== null || (dyn?.pieFlag ?? false)),
      nxStack,
      relro: gnuRelro ? (bindNow ? 'full' : 'partial') : 'none',
      stackProtector: syms.stackProtector,
      fortify: syms.fortified.length > 0,
      rpath: dyn?.rpath ?? [],
      runpath: dyn?.runpath ?? [],
      stripped: !syms.hasSymtab,
      interpreter,
      needed,
      missing: needed.filter((n) => n.resolved === null).map((n) => n.name),
      notes,
    }
    const details: ElfDetails = {
      endian: h.little ? 'little' : 'big',
      soname: dyn?.soname ?? null,
      bindNow,
      gnuRelro,
      gnuStack: stack ? `${stack.flags & 4 ? 'R' : ''}${stack.flags & 2 ? 'W' : ''}${stack.flags & PF_X ? 'X' : ''}` : null,
      fortified: syms.fortified,
      notes,
    }
    return { report, details }
  } catch (e) {
    // Every read is bounds-checked; a RangeError here is a structure that contradicts itself.
    if (e instanceof RangeError) throw corrupt(absPath, `a malformed table (${e.message})`)
    throw e
  } finally {
    await file.close()
  }
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false)
