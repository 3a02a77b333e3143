// A GGUF v3 (or v2) writer: for tests and for generating tiny models. Tensor data is aligned to
// `general.alignment` (32 unless set) and the data section padded to it, as llama.cpp requires.
import { writeFile } from 'node:fs/promises'
import { alignUp } from './read'
import { FIXED_SIZE, ggmlTypeByName, tensorBytes, VALUE_TYPES, type GgufEntry, type GgufValue, type GgufValueType } from './types'

export type GgufWriteTensor = {
  name: string
  /** Innermost first. */
  dims: number[]
  /** A ggml type name: F32, F16, Q8_0… */
  type: string
  /** The raw data, exactly the tensor's size; zeros when absent. */
  data?: Uint8Array
}

export type GgufWriteSpec = {
  version?: 2 | 3
  /** Written in this order. An array value's items must all be given. */
  metadata: [string, GgufEntry][]
  tensors: GgufWriteTensor[]
}

/** The whole file in memory: fine for the tiny models it is meant for. */
export function encodeGguf(spec: GgufWriteSpec): Buffer {
  const { writer, datas, alignment } = encode(spec)
  for (const d of datas) {
    writer.bytes(d.data ?? new Uint8Array(d.bytes))
    writer.pad(alignment)
  }
  return writer.done()
}

/**
 * The header alone, padded to the data section, and the size the data section must have: write the
 * header, then extend the file to `header.length + dataBytes` (a sparse file of any size).
 */
export function encodeGgufHeader(spec: GgufWriteSpec): { header: Buffer; dataBytes: number } {
  const { writer, dataBytes } = encode(spec)
  return { header: writer.done(), dataBytes }
}

function encode(spec: GgufWriteSpec): { writer: Writer; datas: { data?: Uint8Array; bytes: number }[]; alignment: number; dataBytes: number } {
  const alignEntry = spec.metadata.find(([k]) => k === 'general.alignment')?.[1].value
  const alignment = typeof alignEntry === 'number' ? alignEntry : 32
  const w = new Writer()
  w.u32(0x46554747)
  w.u32(spec.version ?? 3)
  w.u64(BigInt(spec.tensors.length))
  w.u64(BigInt(spec.metadata.length))
  for (const [key, entry] of spec.metadata) {
    w.str(key)
    w.u32(typeId(entry.type))
    writeValue(w, entry.type, entry.value)
  }
  const datas: { data?: Uint8Array; bytes: number }[] = []
  let offset = 0
  for (const t of spec.tensors) {
    const type = ggmlTypeByName(t.type)
    if (!type) throw new Error(`unknown ggml type ${t.type}`)
    const bytes = tensorBytes(type, t.dims.reduce((a, b) => a * b, 1))
    if (t.data !== undefined && t.data.length !== bytes) throw new Error(`tensor ${t.name}: ${t.data.length} bytes of data, ${bytes} expected`)
    w.str(t.name)
    w.u32(t.dims.length)
    for (const d of t.dims) w.u64(BigInt(d))
    w.u32(type.id)
    w.u64(BigInt(offset))
    datas.push({ data: t.data, bytes })
    offset = alignUp(offset + bytes, alignment)
  }
  w.pad(alignment)
  return { writer: w, datas, alignment, dataBytes: offset }
}

export async function writeGguf(path: string, spec: GgufWriteSpec): Promise<void> {
  await writeFile(path, encodeGguf(spec))
}

// Typed shorthands for metadata values.
export const gstr = (value: string): GgufEntry => ({ type: 'string', value })
export const gu32 = (value: number): GgufEntry => ({ type: 'uint32', value })
export const gi32 = (value: number): GgufEntry => ({ type: 'int32', value })
export const gf32 = (value: number): GgufEntry => ({ type: 'float32', value })
export const gbool = (value: boolean): GgufEntry => ({ type: 'bool', value })
export const garr = (itemType: GgufValueType, items: GgufValue[]): GgufEntry => ({
  type: 'array',
  value: { itemType, length: items.length, items },
})

const typeId = (t: GgufValueType): number => VALUE_TYPES.indexOf(t)

function writeValue(w: Writer, type: GgufValueType, v: GgufValue): void {
  const bad = (): Error => new Error(`a ${type} value cannot be ${String(v)}`)
  if (type === 'string') {
    if (typeof v !== 'string') throw bad()
    return w.str(v)
  }
  if (type === 'array') {
    if (typeof v !== 'object' || v.items === null) throw bad()
    w.u32(typeId(v.itemType))
    w.u64(BigInt(v.items.length))
    for (const item of v.items) writeValue(w, v.itemType, item)
    return
  }
  if (type === 'bool') {
    if (typeof v !== 'boolean') throw bad()
    return w.fixed(1, (b) => b.writeUInt8(v ? 1 : 0))
  }
  if (type === 'uint64' || type === 'int64') {
    if (typeof v !== 'bigint' && typeof v !== 'number') throw bad()
    const n = BigInt(v)
    return w.fixed(8, (b) => (type === 'uint64' ? b.writeBigUInt64LE(n) : b.writeBigInt64LE(n)))
  }
  if (typeof v !== 'number') throw bad()
  const size = FIXED_SIZE[type]!
  w.fixed(size, (b) => {
    switch (type) {
      case 'uint8': return b.writeUInt8(v)
      case 'int8': return b.writeInt8(v)
      case 'uint16': return b.writeUInt16LE(v)
      case 'int16': return b.writeInt16LE(v)
      case 'uint32': return b.writeUInt32LE(v)
      case 'int32': return b.writeInt32LE(v)
      case 'float32': return b.writeFloatLE(v)
      default: return b.writeDoubleLE(v)
    }
  })
}

class Writer {
  private parts: Buffer[] = []
  private length = 0

  bytes(b: Uint8Array): void {
    this.parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
    this.length += b.byteLength
  }
  fixed(n: number, put: (b: Buffer) => unknown): void {
    const b = Buffer.alloc(n)
    put(b)
    this.bytes(b)
  }
  u32 = (n: number): void => this.fixed(4, (b) => b.writeUInt32LE(n))
  u64 = (n: bigint): void => this.fixed(8, (b) => b.writeBigUInt64LE(n))
  str(s: string): void {
    const b = Buffer.from(s, 'utf8')
    this.u64(BigInt(b.length))
    this.bytes(b)
  }
  pad(alignment: number): void {
    const n = alignUp(this.length, alignment) - this.length
    if (n > 0) this.bytes(new Uint8Array(n))
  }
  done = (): Buffer => Buffer.concat(this.parts, this.length)
}
