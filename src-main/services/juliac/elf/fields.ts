// Reading ELF fields out of a buffer: the class decides the width of addresses and offsets,
// the data encoding the byte order. 64-bit values become numbers; an offset or size too big to be
// exact is caught where it is used (ElfFile.read refuses unsafe integers).
export type Layout = { is64: boolean; little: boolean }

export class Fields {
  constructor(
    private readonly buf: Buffer,
    readonly layout: Layout,
  ) {}

  get length(): number {
    return this.buf.length
  }
  u8(o: number): number {
    return this.buf.readUInt8(o)
  }
  u16(o: number): number {
    return this.layout.little ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o)
  }
  u32(o: number): number {
    return this.layout.little ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o)
  }
  u64(o: number): number {
    return Number(this.layout.little ? this.buf.readBigUInt64LE(o) : this.buf.readBigUInt64BE(o))
  }
  /** An address, offset or size: 4 bytes in ELF32, 8 in ELF64. */
  word(o: number): number {
    return this.layout.is64 ? this.u64(o) : this.u32(o)
  }
}
