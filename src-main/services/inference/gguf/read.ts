// The GGUF header reader: magic, version, metadata and tensor infos, never the tensor data.
// Layout (ggml docs/gguf.md, v2/v3, little-endian): "GGUF", u32 version, u64 tensor count,
// u64 metadata count, the metadata entries, the tensor infos, padding to `general.alignment`, data.
import { open } from 'node:fs/promises'
import { KilnError } from '../../../router'
import { corrupt, Cursor } from './cursor'
import {
  FIXED_SIZE, GGML_TYPES, tensorBytes, VALUE_TYPES,
  type GgmlType, type GgufArray, type GgufEntry, type GgufValue, type GgufValueType,
} from './types'

export type GgufTensorInfo = {
  name: string
  /** Innermost first, as ggml lists them. */
  dims: number[]
  type: GgmlType
  /** Relative to the data section. */
  offset: number
  elements: number
  bytes: number
}

export type GgufFile = {
  path: string
  fileSize: number
  version: 2 | 3
  alignment: number
  /** Absolute offset of the tensor data section. */
  dataOffset: number
  metadata: Map<string, GgufEntry>
  tensors: GgufTensorInfo[]
}

export type ReadOptions = {
  /** Arrays longer than this keep only their length (a 150k-token vocabulary is never held). */
  keepArrayItems?: number
}

const GGUF_MAGIC = 0x46554747 // "GGUF" read as a little-endian u32
const DEFAULT_ALIGNMENT = 32
const MAX_STRING = 16 << 20 // a chat template is tens of KB; a key or token far less
const MAX_COUNT = 1 << 24 // metadata entries, tensors
const MAX_DIMS = 4 // GGML_MAX_DIMS
const MAX_NESTING = 8
const DEFAULT_KEEP = 64

export async function readGguf(path: string, options: ReadOptions = {}): Promise<GgufFile> {
  const fh = await open(path, 'r').catch((e: unknown) => Promise.reject(openError(path, e)))
  try {
    const st = await fh.stat()
    if (st.isDirectory()) throw new KilnError('IS_A_DIRECTORY', `${path} is a directory, not a GGUF file`)
    if (!st.isFile()) throw new KilnError('UNSUPPORTED', `${path} is not a regular file`)
    return await parse(new Cursor(fh, path, st.size), options.keepArrayItems ?? DEFAULT_KEEP)
  } finally {
    await fh.close()
  }
}

async function parse(c: Cursor, keep: number): Promise<GgufFile> {
  if (c.size < 4) throw corrupt(c.path, 0, `the file is ${c.size} bytes, too short for the GGUF magic`)
  await c.need(4, 'the magic')
  const magic = c.u32()
  if (magic !== GGUF_MAGIC) throw corrupt(c.path, 0, `the magic is ${hex4(magic)}, not "GGUF"`)
  await c.need(4, 'the version')
  const version = c.u32()
  if (version === 1) throw new KilnError('UNSUPPORTED', `${c.path}: GGUF version 1 is not supported (v2 and v3 are); convert the model again`)
  if (version > 0xffff && (version & 0xffff) === 0) throw new KilnError('UNSUPPORTED', `${c.path}: a big-endian GGUF file; only little-endian is supported`)
  if (version !== 2 && version !== 3) throw corrupt(c.path, 4, `unknown GGUF version ${version}`)

  await c.need(16, 'the header counts')
  const tensorCount = count(c, c.u64(), 'tensor count', 8)
  const kvCount = count(c, c.u64(), 'metadata count', 8)

  const metadata = new Map<string, GgufEntry>()
  for (let i = 0; i < kvCount; i++) {
    const at = c.pos
    const key = await readString(c, `metadata key ${i}`)
    const type = await readType(c, `the type of ${key}`)
    const value = await readValue(c, type, key, keep, 0)
    if (metadata.has(key)) throw corrupt(c.path, at, `duplicate metadata key ${key}`)
    metadata.set(key, { type, value })
  }

  const alignment = alignmentOf(c, metadata)
  const tensors: GgufTensorInfo[] = []
  for (let i = 0; i < tensorCount; i++) tensors.push(await readTensorInfo(c, i, alignment))
  const dataOffset = alignUp(c.pos, alignment)
  if (tensors.length > 0 && dataOffset > c.size)
    throw corrupt(c.path, c.pos, `truncated: the padding before the tensor data ends at byte ${dataOffset}, past the end of the ${c.size}-byte file`)

  for (const t of tensors) {
    const end = dataOffset + t.offset + t.bytes
    if (end > c.size)
      throw corrupt(c.path, dataOffset + t.offset, `truncated: tensor ${t.name} (${t.bytes} bytes) ends at byte ${end}, past the end of the ${c.size}-byte file`)
  }
  return { path: c.path, fileSize: c.size, version, alignment, dataOffset, metadata, tensors }
}

async function readTensorInfo(c: Cursor, i: number, alignment: number): Promise<GgufTensorInfo> {
  const name = await readString(c, `tensor ${i}'s name`)
  await c.need(4, `tensor ${name}'s dimension count`)
  const nDims = c.u32()
  if (nDims < 1 || nDims > MAX_DIMS) throw corrupt(c.path, c.pos - 4, `tensor ${name} has ${nDims} dimensions (1 to ${MAX_DIMS} allowed)`)
  await c.need(8 * nDims + 12, `tensor ${name}'s info`)
  const dims: number[] = []
  let elements = 1
  for (let d = 0; d < nDims; d++) {
    const n = c.u64()
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || (elements *= Number(n)) > Number.MAX_SAFE_INTEGER)
      throw corrupt(c.path, c.pos - 8, `tensor ${name} has an absurd dimension ${n}`)
    dims.push(Number(n))
  }
  const typeId = c.u32()
  const type = GGML_TYPES.get(typeId)
  if (!type) throw corrupt(c.path, c.pos - 4, `tensor ${name} has unknown ggml type ${typeId}`)
  const offAt = c.pos
  const off = c.u64()
  if (off > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(c.path, offAt, `tensor ${name} has an absurd data offset ${off}`)
  const offset = Number(off)
  if (offset % alignment !== 0) throw corrupt(c.path, offAt, `tensor ${name}'s data offset ${offset} is not a multiple of the alignment ${alignment}`)
  if (dims[0]! % type.blockSize !== 0)
    throw corrupt(c.path, offAt - 4, `tensor ${name}'s row of ${dims[0]} is not a multiple of ${type.name}'s block of ${type.blockSize}`)
  return { name, dims, type, offset, elements, bytes: tensorBytes(type, elements) }
}

/** A u64 count, checked against a hard cap and against what the rest of the file could hold. */
function count(c: Cursor, n: bigint, what: string, minBytesEach: number, at = c.pos - 8): number {
  if (n > BigInt(MAX_COUNT)) throw corrupt(c.path, at, `the ${what} ${n} is absurd (the limit is ${MAX_COUNT})`)
  if (Number(n) * minBytesEach > c.remaining)
    throw corrupt(c.path, at, `truncated or corrupt: the ${what} ${n} needs at least ${Number(n) * minBytesEach} bytes, ${c.remaining} left in the file`)
  return Number(n)
}

async function readString(c: Cursor, what: string): Promise<string> {
  await c.need(8, `the length of ${what}`)
  const at = c.pos
  const n = c.u64()
  if (n > BigInt(MAX_STRING)) throw corrupt(c.path, at, `${what} claims ${n} bytes (the limit is ${MAX_STRING})`)
  await c.need(Number(n), what)
  return c.utf8(Number(n))
}

async function readType(c: Cursor, what: string): Promise<GgufValueType> {
  await c.need(4, what)
  const id = c.u32()
  const type = VALUE_TYPES[id]
  if (type === undefined) throw corrupt(c.path, c.pos - 4, `${what} is ${id}, not a GGUF value type`)
  return type
}

async function readValue(c: Cursor, type: GgufValueType, key: string, keep: number, depth: number): Promise<GgufValue> {
  if (type === 'string') return readString(c, `the value of ${key}`)
  if (type === 'array') return readArray(c, key, keep, depth)
  await c.need(FIXED_SIZE[type]!, `the value of ${key}`)
  return readFixed(c, type)
}

function readFixed(c: Cursor, type: GgufValueType): GgufValue {
  switch (type) {
    case 'uint8': return c.u8()
    case 'int8': return c.i8()
    case 'uint16': return c.u16()
    case 'int16': return c.i16()
    case 'uint32': return c.u32()
    case 'int32': return c.i32()
    case 'float32': return c.f32()
    case 'float64': return c.f64()
    case 'uint64': return c.u64()
    case 'int64': return c.i64()
    case 'bool': return c.u8() !== 0
    default: throw new Error(`not a fixed-size type: ${type}`)
  }
}

async function readArray(c: Cursor, key: string, keep: number, depth: number): Promise<GgufArray> {
  if (depth >= MAX_NESTING) throw corrupt(c.path, c.pos, `${key} nests arrays more than ${MAX_NESTING} deep`)
  const itemType = await readType(c, `the item type of ${key}`)
  await c.need(8, `the length of ${key}`)
  const size = FIXED_SIZE[itemType]
  // Strings and arrays take at least 8 bytes each (their length).
  const length = count(c, c.u64(), `length of array ${key}`, size ?? 8)
  if (length <= keep) {
    const items: GgufValue[] = []
    for (let i = 0; i < length; i++) items.push(await readValue(c, itemType, key, keep, depth + 1))
    return { itemType, length, items }
  }
  if (size !== undefined) c.skip(length * size, `array ${key}`)
  else if (itemType === 'string') await c.skipStrings(length, MAX_STRING, key)
  else for (let i = 0; i < length; i++) await readArray(c, key, 0, depth + 1)
  return { itemType, length, items: null }
}

function alignmentOf(c: Cursor, metadata: Map<string, GgufEntry>): number {
  const entry = metadata.get('general.alignment')
  if (entry === undefined) return DEFAULT_ALIGNMENT
  const a = entry.value
  if (entry.type !== 'uint32' || typeof a !== 'number' || a === 0 || (a & (a - 1)) !== 0)
    throw corrupt(c.path, c.pos, `general.alignment must be a power-of-two uint32, got ${String(a)} (${entry.type})`)
  return a
}

export const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a
const hex4 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`

function openError(path: string, e: unknown): KilnError {
  const code = (e as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOENT') return new KilnError('NOT_FOUND', `${path}: no such file`)
  if (code === 'EACCES' || code === 'EPERM') return new KilnError('PERMISSION', `${path}: permission denied`)
  if (code === 'EISDIR') return new KilnError('IS_A_DIRECTORY', `${path} is a directory, not a GGUF file`)
  return new KilnError('INVALID_ARGS', `${path}: cannot read: ${e instanceof Error ? e.message : String(e)}`)
}
