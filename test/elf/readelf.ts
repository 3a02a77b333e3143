// What GNU readelf says about a file (`readelf -h -l -d -W`), parsed into the facts the ELF report
// decides: the oracle the report is compared with.
import { execFileSync } from 'node:child_process'
import { expect } from 'vitest'
import type { ElfReport } from '../../src-preload/contract'

export type ReadelfFacts = {
  class: string
  endian: 'little' | 'big'
  machine: string
  type: string
  typeText: string
  segments: { type: string; flags: string }[]
  needed: string[]
  rpath: string[]
  runpath: string[]
  bindNow: boolean
  flags1: string[]
}

export const haveTool = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export function readelf(path: string): ReadelfFacts {
  const out = execFileSync('readelf', ['-h', '-l', '-d', '-W', path], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
  const field = (name: string): string => new RegExp(`^\\s*${name}:\\s+(.*)$`, 'm').exec(out)?.[1]?.trim() ?? ''
  const segments = [...out.matchAll(/^\s+([A-Z_]+|LOOS\+0x[0-9a-f]+)\s+0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+ ([RWE ]{3}) 0x[0-9a-f]+$/gm)].map(
    (m) => ({ type: m[1]!, flags: m[2]!.replace(/ /g, '') }),
  )
  const dyn = (tag: string): string[] => [...out.matchAll(new RegExp(`\\(${tag}\\)\\s+(.*)$`, 'gm'))].map((m) => m[1]!.trim())
  const bracket = (s: string): string => /\[(.*)\]/.exec(s)?.[1] ?? ''
  const typeText = field('Type')
  return {
    class: field('Class'),
    endian: field('Data').includes('big') ? 'big' : 'little',
    machine: field('Machine'),
    type: typeText.split(' ')[0] ?? '',
    typeText,
    segments,
    needed: dyn('NEEDED').map(bracket),
    rpath: dyn('RPATH').flatMap((s) => bracket(s).split(':')).filter(Boolean),
    runpath: dyn('RUNPATH').flatMap((s) => bracket(s).split(':')).filter(Boolean),
    bindNow: dyn('BIND_NOW').length > 0 || dyn('FLAGS').some((s) => /\bBIND_NOW\b/.test(s)) || dyn('FLAGS_1').some((s) => /\bNOW\b/.test(s)),
    flags1: dyn('FLAGS_1').flatMap((s) => s.replace(/^Flags:\s*/, '').split(/\s+/)),
  }
}

/** The report's expectations, derived from readelf's facts alone. */
export function expectedFromReadelf(f: ReadelfFacts) {
  const has = (t: string) => f.segments.some((s) => s.type === t)
  const stack = f.segments.find((s) => s.type === 'GNU_STACK')
  return {
    class: f.class,
    type: f.type,
    pie: f.type === 'DYN' && (has('INTERP') || f.flags1.includes('PIE')),
    nxStack: stack ? !stack.flags.includes('E') : null,
    relro: has('GNU_RELRO') ? (f.bindNow ? 'full' : 'partial') : 'none',
    rpath: f.rpath,
    runpath: f.runpath,
    needed: f.needed,
  }
}

/** readelf's machine names -> the report's. */
export const READELF_MACHINES: Record<string, string> = {
  'Advanced Micro Devices X86-64': 'x86-64',
  'Intel 80386': 'i386',
  AArch64: 'AArch64',
  ARM: 'ARM',
  'RISC-V': 'RISC-V',
  PowerPC: 'PowerPC',
  'PowerPC64': 'PowerPC64',
  'IBM S/390': 'IBM S/390',
}

/** Asserts every fact readelf states agrees with the report. */
export function expectAgreesWithReadelf(report: ElfReport, path: string): void {
  const facts = readelf(path)
  const want = expectedFromReadelf(facts)
  expect(report.class).toBe(want.class)
  expect(report.type).toBe(want.type)
  expect(report.machine).toBe(READELF_MACHINES[facts.machine] ?? facts.machine)
  expect(report.pie).toBe(want.pie)
  if (want.nxStack !== null) expect(report.nxStack).toBe(want.nxStack)
  expect(report.relro).toBe(want.relro)
  expect(report.rpath).toEqual(want.rpath)
  expect(report.runpath).toEqual(want.runpath)
  expect(report.needed.map((n) => n.name)).toEqual(want.needed)
  if (facts.typeText.includes('Position-Independent Executable')) expect(report.pie).toBe(true)
}

