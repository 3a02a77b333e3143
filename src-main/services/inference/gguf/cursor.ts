// A forward-only reader over a file handle: bounded chunked reads, so the header of a 30 GB file
// costs a few reads and the tensor data is never touched. Every read checks the file's end first
// and names the byte offset of what was cut short.
import type { FileHandle } from 'node:fs/promises'
import { KilnError } from '../../../router'

const CHUNK = 1 << 20

export const corrupt = (path: string, offset: number, why: string): KilnError =>
  new KilnError('INVALID_ARGS', `${path}: not a valid GGUF file: ${why} (at byte ${offset})`)

export class Cursor {
  private buf = Buffer.alloc(0)
  private bufStart = 0
  /** Absolute file offset of the next byte to read. */
  pos = 0

  constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly size: number,
  ) {}

  get remaining(): number {
    return this.size - this.pos
  }

  /** Bytes already buffered at pos: the sync readers below may use this many without `need`. */
  get buffered(): number {
    return this.bufStart + this.buf.length - this.pos
  }

  /** Makes n bytes at pos readable synchronously, or throws 'truncated' naming what was being read. */
  async need(n: number, what: string): Promise<void> {
    if (this.buffered >= n) return
    if (n > this.remaining) throw corrupt(this.path, this.pos, `truncated: ${what} needs ${n} bytes, ${this.remaining} left in the file`)
    const len = Math.min(Math.max(CHUNK, n), this.remaining)
    const buf = Buffer.allocUnsafe(len)
    let got = 0
    while (got < len) {
      const { bytesRead } = await this.fh.read(buf, got, len - got, this.pos + got)
      if (bytesRead === 0) throw corrupt(this.path, this.pos + got, `file ended early while reading ${what}`)
      got += bytesRead
    }
    this.buf = buf
    this.bufStart = this.pos
  }

  /** Moves past n bytes without reading them. */
  skip(n: number, what: string): void {
    if (n > this.remaining) throw corrupt(this.path, this.pos, `truncated: ${what} needs ${n} bytes, ${this.remaining} left in the file`)
    this.pos += n
  }

  /**
   * Moves past `count` length-prefixed strings (a token list) without decoding them: a tight loop
   * over the buffer, with no BigInt and no await until the buffer runs dry.
   */
  async skipStrings(count: number, maxLength: number, what: string): Promise<void> {
    for (let i = 0; i < count; ) {
      if (this.buffered < 8) await this.need(8, `a string length in ${what}`)
      const buf = this.buf
      const end = this.buf.length
      let p = this.pos - this.bufStart
      for (; i < count && p + 8 <= end; i++) {
        const hi = buf.readUInt32LE(p + 4)
        const n = buf.readUInt32LE(p)
        if (hi !== 0 || n > maxLength)
          throw corrupt(this.path, this.bufStart + p, `a string in ${what} claims ${hi * 2 ** 32 + n} bytes (the limit is ${maxLength})`)
        p += 8 + n
        if (this.bufStart + p > this.size) throw corrupt(this.path, this.bufStart + p - n, `truncated: a string in ${what} needs ${n} bytes, ${this.size - (this.bufStart + p - n)} left in the file`)
      }
      this.pos = this.bufStart + p
    }
  }

  private at(n: number): number {
    const i = this.pos - this.bufStart
    this.pos += n
    return i
  }

  // Sync readers: call `need` first.
  u8 = (): number => this.buf.readUInt8(this.at(1))
  i8 = (): number => this.buf.readInt8(this.at(1))
  u16 = (): number => this.buf.readUInt16LE(this.at(2))
  i16 = (): number => this.buf.readInt16LE(this.at(2))
  u32 = (): number => this.buf.readUInt32LE(this.at(4))
  i32 = (): number => this.buf.readInt32LE(this.at(4))
  f32 = (): number => this.buf.readFloatLE(this.at(4))
  f64 = (): number => this.buf.readDoubleLE(this.at(8))
  u64 = (): bigint => this.buf.readBigUInt64LE(this.at(8))
  i64 = (): bigint => this.buf.readBigInt64LE(this.at(8))
  utf8 = (n: number): string => {
    const i = this.at(n)
    return this.buf.toString('utf8', i, i + n)
  }
}
