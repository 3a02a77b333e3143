// Section headers and their names (.shstrtab). A file may have none (sstrip, some packers): then
// callers fall back to the program headers.
import { corrupt, type ElfFile } from './file'
import { Fields } from './fields'
import type { ElfHeader } from './header'
import { cString } from './strings'

export type Section = { name: string; type: number; offset: number; size: number; link: number; entsize: number }

export const SHT = { SYMTAB: 2, STRTAB: 3, DYNAMIC: 6, NOBITS: 8, DYNSYM: 11 } as const

export async function readSections(file: ElfFile, h: ElfHeader): Promise<Section[]> {
  if (h.shnum === 0) return []
  const f = new Fields(await file.read(h.shoff, h.shnum * h.shentsize, `the section header table (${h.shnum} entries)`), h)
  const raw: (Section & { nameOff: number })[] = []
  for (let i = 0; i < h.shnum; i++) {
    const o = i * h.shentsize
    raw.push(
      h.is64
        ? { name: '', nameOff: f.u32(o), type: f.u32(o + 4), offset: f.u64(o + 24), size: f.u64(o + 32), link: f.u32(o + 40), entsize: f.u64(o + 56) }
        : { name: '', nameOff: f.u32(o), type: f.u32(o + 4), offset: f.u32(o + 16), size: f.u32(o + 20), link: f.u32(o + 24), entsize: f.u32(o + 36) },
    )
  }
  const names = raw[h.shstrndx]
  if (h.shstrndx !== 0) {
    if (!names) throw corrupt(file.path, `the section name table index ${h.shstrndx} is out of range (${h.shnum} sections)`)
    if (names.type !== SHT.NOBITS && names.size > 0) {
      const strtab = await file.read(names.offset, names.size, 'the section name table (.shstrtab)')
      for (const s of raw) s.name = cString(strtab, s.nameOff) ?? ''
    }
  }
  return raw.map(({ nameOff: _n, ...s }) => s)
}

/** The contents of a section, bounded; empty for SHT_NOBITS. */
export async function readSection(file: ElfFile, s: Section, what: string): Promise<Buffer> {
  if (s.type === SHT.NOBITS || s.size === 0) return Buffer.alloc(0)
  return file.read(s.offset, s.size, what)
}
