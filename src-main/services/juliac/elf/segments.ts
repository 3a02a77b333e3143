// Program headers: what the loader maps (PT_LOAD), the interpreter, the dynamic section, and the
// GNU markers for stack permissions (PT_GNU_STACK) and RELRO (PT_GNU_RELRO).
import type { ElfFile } from './file'
import { corrupt } from './file'
import { Fields } from './fields'
import type { ElfHeader } from './header'

export type Segment = { type: number; flags: number; offset: number; vaddr: number; filesz: number; memsz: number }

export const PT = { LOAD: 1, DYNAMIC: 2, INTERP: 3, GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552 } as const
export const PF_X = 1

/** The longest interpreter path we accept (PATH_MAX). */
const MAX_INTERP = 4096

export async function readSegments(file: ElfFile, h: ElfHeader): Promise<Segment[]> {
  if (h.phnum === 0 || h.phoff === 0) return []
  const f = new Fields(await file.read(h.phoff, h.phnum * h.phentsize, `the program header table (${h.phnum} entries)`), h)
  const out: Segment[] = []
  for (let i = 0; i < h.phnum; i++) {
    const o = i * h.phentsize
    out.push(
      h.is64
        ? { type: f.u32(o), flags: f.u32(o + 4), offset: f.u64(o + 8), vaddr: f.u64(o + 16), filesz: f.u64(o + 32), memsz: f.u64(o + 40) }
        : { type: f.u32(o), offset: f.u32(o + 4), vaddr: f.u32(o + 8), filesz: f.u32(o + 16), memsz: f.u32(o + 20), flags: f.u32(o + 24) },
    )
  }
  return out
}

export async function readInterpreter(file: ElfFile, segments: Segment[]): Promise<string | null> {
  const seg = segments.find((s) => s.type === PT.INTERP)
  if (!seg) return null
  if (seg.filesz === 0 || seg.filesz > MAX_INTERP) throw corrupt(file.path, `PT_INTERP is ${seg.filesz} bytes long`)
  const raw = await file.read(seg.offset, seg.filesz, 'the interpreter path (PT_INTERP)')
  const end = raw.indexOf(0)
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8')
}

/** The file offset of a virtual address, through the PT_LOAD segment that maps it. */
export function vaddrToOffset(segments: Segment[], vaddr: number): number | null {
  for (const s of segments) {
    if (s.type === PT.LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz) return s.offset + (vaddr - s.vaddr)
  }
  return null
}
