// Small ELF files written byte by byte, for the classes, byte orders and machines this machine's
// compiler cannot produce (ELF32, big endian, PowerPC, ARM, s390) and for corrupt inputs.
// One PT_LOAD maps the whole file; no section headers (like an sstripped binary).
export type SynthSpec = {
  is64: boolean
  little: boolean
  machine: number
  type?: number
  interp?: string
  needed?: string[]
  runpath?: string
  rpath?: string
  /** PT_GNU_STACK flags (PF_R=4 | PF_W=2 | PF_X=1), or null for no segment. */
  stack?: number | null
  relro?: boolean
  flags?: number
  flags1?: number
  /** Overrides DT_STRSZ (to make a corrupt file). */
  strsz?: number
}

const BASE = 0x10000

export function synthElf(s: SynthSpec): Buffer {
  const ehsize = s.is64 ? 64 : 52
  const phentsize = s.is64 ? 56 : 32
  const dynent = s.is64 ? 16 : 8
  // The dynamic string table, and the offsets of each string in it.
  const strings: string[] = ['', ...(s.needed ?? []), ...(s.runpath ? [s.runpath] : []), ...(s.rpath ? [s.rpath] : [])]
  const strOff = new Map<string, number>()
  let dynstr = Buffer.alloc(0)
  for (const str of strings) {
    strOff.set(str, dynstr.length)
    dynstr = Buffer.concat([dynstr, Buffer.from(`${str}\0`)])
  }
  const dyn: [number, number][] = [...(s.needed ?? []).map((n): [number, number] => [1, strOff.get(n)!])]
  if (s.runpath) dyn.push([29, strOff.get(s.runpath)!])
  if (s.rpath) dyn.push([15, strOff.get(s.rpath)!])
  if (s.flags !== undefined) dyn.push([30, s.flags])
  if (s.flags1 !== undefined) dyn.push([0x6ffffffb, s.flags1])

  const phdrs: { type: number; flags: number; off: number; size: number }[] = []
  const nph = 2 + (s.interp ? 1 : 0) + (s.stack === null ? 0 : 1) + (s.relro ? 1 : 0)
  let off = ehsize + nph * phentsize
  const interpOff = off
  const interp = s.interp ? Buffer.from(`${s.interp}\0`) : Buffer.alloc(0)
  off += interp.length
  const dynstrOff = off
  off += dynstr.length
  off = (off + 7) & ~7
  const dynOff = off
  dyn.push([5, BASE + dynstrOff], [10, s.strsz ?? dynstr.length], [0, 0])
  const total = dynOff + dyn.length * dynent

  const b = Buffer.alloc(total)
  const u16 = (o: number, v: number) => (s.little ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o))
  const u32 = (o: number, v: number) => (s.little ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o))
  const word = (o: number, v: number) => (s.is64 ? (s.little ? b.writeBigUInt64LE(BigInt(v), o) : b.writeBigUInt64BE(BigInt(v), o)) : u32(o, v))

  Buffer.from([0x7f, 0x45, 0x4c, 0x46, s.is64 ? 2 : 1, s.little ? 1 : 2, 1]).copy(b, 0)
  u16(16, s.type ?? 2)
  u16(18, s.machine)
  u32(20, 1)
  const r = s.is64 ? 52 : 40
  word(s.is64 ? 32 : 28, ehsize) // e_phoff
  u16(r, ehsize)
  u16(r + 2, phentsize)
  u16(r + 4, nph)
  u16(r + 6, s.is64 ? 64 : 40)

  phdrs.push({ type: 1, flags: 5, off: 0, size: total })
  if (s.interp) phdrs.push({ type: 3, flags: 4, off: interpOff, size: interp.length })
  phdrs.push({ type: 2, flags: 6, off: dynOff, size: dyn.length * dynent })
  if (s.stack !== null) phdrs.push({ type: 0x6474e551, flags: s.stack ?? 6, off: 0, size: 0 })
  if (s.relro) phdrs.push({ type: 0x6474e552, flags: 4, off: dynOff, size: dyn.length * dynent })
  phdrs.forEach((p, i) => {
    const o = ehsize + i * phentsize
    u32(o, p.type)
    if (s.is64) {
      u32(o + 4, p.flags)
      word(o + 8, p.off)
      word(o + 16, BASE + p.off)
      word(o + 24, BASE + p.off)
      word(o + 32, p.size)
      word(o + 40, p.size)
      word(o + 48, p.type === 1 ? 0x1000 : 8)
    } else {
      word(o + 4, p.off)
      word(o + 8, BASE + p.off)
      word(o + 12, BASE + p.off)
      word(o + 16, p.size)
      word(o + 20, p.size)
      u32(o + 24, p.flags)
      word(o + 28, p.type === 1 ? 0x1000 : 4)
    }
  })
  interp.copy(b, interpOff)
  dynstr.copy(b, dynstrOff)
  dyn.forEach(([tag, val], i) => {
    word(dynOff + i * dynent, tag)
    word(dynOff + i * dynent + (s.is64 ? 8 : 4), val)
  })
  return b
}
