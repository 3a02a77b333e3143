// The ELF file header (e_ident and the fields after it), with names for machines and file types.
// Layout from the System V gABI ("ELF Header", "Sections": extended numbering via section 0).
import { corrupt, type ElfFile } from './file'
import { Fields, type Layout } from './fields'
import { KilnError } from '../../../router'

export type ElfHeader = Layout & {
  type: number
  machine: number
  phoff: number
  phentsize: number
  phnum: number
  shoff: number
  shentsize: number
  /** 0 when the file has no section headers (e.g. after sstrip). */
  shnum: number
  shstrndx: number
}

const ET_NAMES: Record<number, string> = { 0: 'NONE', 1: 'REL', 2: 'EXEC', 3: 'DYN', 4: 'CORE' }
export const ET_DYN = 3

/** e_machine values from the gABI's registry, named as users know them. */
const MACHINES: Record<number, string> = {
  2: 'SPARC',
  3: 'i386',
  4: 'Motorola 68000',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'IBM S/390',
  40: 'ARM',
  42: 'SuperH',
  43: 'SPARC V9',
  50: 'IA-64',
  62: 'x86-64',
  183: 'AArch64',
  224: 'AMD GPU',
  243: 'RISC-V',
  247: 'BPF',
  258: 'LoongArch',
}
export const EM = { i386: 3, arm: 40, x86_64: 62, aarch64: 183, riscv: 243, loongarch: 258, ppc: 20, ppc64: 21, s390: 22, mips: 8 } as const

export const machineName = (m: number): string => MACHINES[m] ?? `unknown (0x${m.toString(16)})`
export const typeName = (t: number): string =>
  ET_NAMES[t] ?? (t >= 0xfe00 && t <= 0xfeff ? `OS-specific (0x${t.toString(16)})` : t >= 0xff00 ? `processor-specific (0x${t.toString(16)})` : `unknown (0x${t.toString(16)})`)

const MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
const PN_XNUM = 0xffff
const SHN_XINDEX = 0xffff

export async function readHeader(file: ElfFile): Promise<ElfHeader> {
  if (file.size < 4 || !(await file.read(0, 4, 'the magic number')).equals(MAGIC))
    throw new KilnError('UNSUPPORTED', `${file.path} is not an ELF file (it does not start with \\x7fELF)`)
  const ident = await file.read(0, 16, 'e_ident')
  const cls = ident[4]
  const data = ident[5]
  if (cls !== 1 && cls !== 2) throw new KilnError('UNSUPPORTED', `${file.path}: unknown ELF class ${cls} (expected 1 for ELF32 or 2 for ELF64)`)
  if (data !== 1 && data !== 2) throw new KilnError('UNSUPPORTED', `${file.path}: unknown ELF data encoding ${data} (expected 1 little or 2 big endian)`)
  if (ident[6] !== 1) throw new KilnError('UNSUPPORTED', `${file.path}: unknown ELF version ${ident[6]}`)
  const layout: Layout = { is64: cls === 2, little: data === 1 }
  const size = layout.is64 ? 64 : 52
  const f = new Fields(await file.read(0, size, 'the ELF header'), layout)
  const at = layout.is64 ? { phoff: 32, shoff: 40, rest: 52 } : { phoff: 28, shoff: 32, rest: 40 }
  const h: ElfHeader = {
    ...layout,
    type: f.u16(16),
    machine: f.u16(18),
    phoff: f.word(at.phoff),
    shoff: f.word(at.shoff),
    phentsize: f.u16(at.rest + 2),
    phnum: f.u16(at.rest + 4),
    shentsize: f.u16(at.rest + 6),
    shnum: f.u16(at.rest + 8),
    shstrndx: f.u16(at.rest + 10),
  }
  if (h.shoff === 0) h.shnum = 0
  // Extended numbering: counts that do not fit 16 bits live in section header 0.
  if (h.shoff !== 0 && (h.shnum === 0 || h.shstrndx === SHN_XINDEX || h.phnum === PN_XNUM)) {
    checkEntsize(file, 'section header', h.shentsize, layout.is64 ? 64 : 40)
    const s0 = new Fields(await file.read(h.shoff, h.shentsize, 'section header 0'), layout)
    if (h.shnum === 0) h.shnum = s0.word(layout.is64 ? 32 : 20)
    if (h.shstrndx === SHN_XINDEX) h.shstrndx = s0.u32(layout.is64 ? 40 : 24)
    if (h.phnum === PN_XNUM) h.phnum = s0.u32(layout.is64 ? 44 : 28)
  }
  if (h.phnum > 0) checkEntsize(file, 'program header', h.phentsize, layout.is64 ? 56 : 32)
  if (h.shnum > 0) checkEntsize(file, 'section header', h.shentsize, layout.is64 ? 64 : 40)
  return h
}

export function checkEntsize(file: ElfFile, what: string, got: number, min: number): void {
  if (got < min) throw corrupt(file.path, `${what} entries are ${got} bytes; at least ${min} expected`)
}
