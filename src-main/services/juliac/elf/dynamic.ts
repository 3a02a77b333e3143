// The dynamic section: needed libraries, search paths and the flags behind BIND_NOW and PIE.
// Found through PT_DYNAMIC (what the loader uses), else the SHT_DYNAMIC section; its strings
// through DT_STRTAB mapped by the PT_LOAD segments, else the section's sh_link.
import { corrupt, type ElfFile } from './file'
import { Fields } from './fields'
import type { ElfHeader } from './header'
import { PT, vaddrToOffset, type Segment } from './segments'
import { readSection, SHT, type Section } from './sections'
import { cString } from './strings'

export type DynamicInfo = {
  needed: string[]
  soname: string | null
  rpath: string[]
  runpath: string[]
  /** DT_BIND_NOW, DF_BIND_NOW in DT_FLAGS or DF_1_NOW in DT_FLAGS_1. */
  bindNow: boolean
  /** DF_1_PIE in DT_FLAGS_1. */
  pieFlag: boolean
}

const DT = { NULL: 0, NEEDED: 1, STRTAB: 5, STRSZ: 10, SONAME: 14, RPATH: 15, BIND_NOW: 24, RUNPATH: 29, FLAGS: 30, FLAGS_1: 0x6ffffffb } as const
const DF_BIND_NOW = 0x8
const DF_1_NOW = 0x1
const DF_1_PIE = 0x08000000

export async function readDynamic(file: ElfFile, h: ElfHeader, segments: Segment[], sections: Section[]): Promise<DynamicInfo | null> {
  const seg = segments.find((s) => s.type === PT.DYNAMIC)
  const sec = sections.find((s) => s.type === SHT.DYNAMIC)
  let raw: Buffer
  if (seg && seg.filesz > 0) raw = await file.read(seg.offset, seg.filesz, 'the dynamic section (PT_DYNAMIC)')
  else if (sec) raw = await readSection(file, sec, 'the dynamic section (.dynamic)')
  else return null

  const f = new Fields(raw, h)
  const size = h.is64 ? 16 : 8
  const entries: { tag: number; val: number }[] = []
  for (let o = 0; o + size <= raw.length; o += size) {
    const tag = h.is64 ? f.u64(o) : f.u32(o)
    if (tag === DT.NULL) break
    entries.push({ tag, val: h.is64 ? f.u64(o + 8) : f.u32(o + 4) })
  }
  const value = (tag: number): number | undefined => entries.find((e) => e.tag === tag)?.val
  const all = (tag: number): number[] => entries.filter((e) => e.tag === tag).map((e) => e.val)

  const wantsStrings = entries.some((e) => e.tag === DT.NEEDED || e.tag === DT.RPATH || e.tag === DT.RUNPATH || e.tag === DT.SONAME)
  const strtab = wantsStrings ? await readDynstr(file, segments, sections, sec, value(DT.STRTAB), value(DT.STRSZ)) : Buffer.alloc(0)
  const str = (off: number, tag: string): string => {
    const s = cString(strtab, off)
    if (s === null) throw corrupt(file.path, `a ${tag} entry points outside the dynamic string table`)
    return s
  }
  const flags = value(DT.FLAGS) ?? 0
  const flags1 = value(DT.FLAGS_1) ?? 0
  const soname = value(DT.SONAME)
  return {
    needed: all(DT.NEEDED).map((o) => str(o, 'DT_NEEDED')),
    soname: soname === undefined ? null : str(soname, 'DT_SONAME'),
    rpath: all(DT.RPATH).flatMap((o) => splitPath(str(o, 'DT_RPATH'))),
    runpath: all(DT.RUNPATH).flatMap((o) => splitPath(str(o, 'DT_RUNPATH'))),
    bindNow: value(DT.BIND_NOW) !== undefined || (flags & DF_BIND_NOW) !== 0 || (flags1 & DF_1_NOW) !== 0,
    pieFlag: (flags1 & DF_1_PIE) !== 0,
  }
}

/** A search path list as the loader splits it: on `:`, empty elements dropped. */
export const splitPath = (s: string): string[] => s.split(':').filter((p) => p !== '')

async function readDynstr(
  file: ElfFile,
  segments: Segment[],
  sections: Section[],
  dynSection: Section | undefined,
  strtabAddr: number | undefined,
  strsz: number | undefined,
): Promise<Buffer> {
  const offset = strtabAddr === undefined ? null : vaddrToOffset(segments, strtabAddr)
  if (offset !== null && strsz !== undefined) return file.read(offset, Math.min(strsz, file.size - offset), 'the dynamic string table (DT_STRTAB)')
  const linked = dynSection ? sections[dynSection.link] : undefined
  if (linked && linked.type === SHT.STRTAB) return readSection(file, linked, 'the dynamic string table (.dynstr)')
  throw corrupt(file.path, 'the dynamic section names libraries but its string table cannot be found')
}
