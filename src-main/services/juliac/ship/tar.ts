// A tar.gz writer in TypeScript (no `tar` program needed): POSIX ustar headers (IEEE 1003.1-1988,
// as GNU tar's manual "Basic Tar Format" lays them out), streamed through zlib's gzip into a file,
// with the SHA-256 of each file's content and of the whole .tar.gz computed on the way.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { createGzip, type Gzip } from 'node:zlib'
import { KilnError } from '../../../router'

const BLOCK = 512

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8)
  if (digits.length > length - 1) throw new KilnError('TOO_LARGE', `tar: ${value} does not fit a ${length}-byte field`)
  buf.write(digits.padStart(length - 1, '0'), offset, 'ascii')
  buf[offset + length - 1] = 0
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes). */
export function splitName(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path }
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i)
    const name = path.slice(i + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name }
  }
  throw new KilnError('TOO_LARGE', `tar: the path ${path} is too long for the ustar format`)
}

export type TarHeader = { path: string; type: 'file' | 'dir' | 'symlink'; mode: number; size: number; mtime: number; linkname?: string }

export function tarHeader(h: TarHeader): Buffer {
  const buf = Buffer.alloc(BLOCK)
  const { prefix, name } = splitName(h.type === 'dir' && !h.path.endsWith('/') ? `${h.path}/` : h.path)
  buf.write(name, 0, 100, 'utf8')
  octal(buf, 100, 8, h.mode & 0o7777)
  octal(buf, 108, 8, 0) // uid
  octal(buf, 116, 8, 0) // gid
  octal(buf, 124, 12, h.type === 'file' ? h.size : 0)
  octal(buf, 136, 12, Math.floor(h.mtime / 1000))
  buf.write('        ', 148, 8, 'ascii') // checksum counts as spaces while it is computed
  buf.write(h.type === 'file' ? '0' : h.type === 'dir' ? '5' : '2', 156, 1, 'ascii')
  if (h.linkname) {
    if (Buffer.byteLength(h.linkname) > 100) throw new KilnError('TOO_LARGE', `tar: the link target ${h.linkname} is too long`)
    buf.write(h.linkname, 157, 100, 'utf8')
  }
  buf.write('ustar\0', 257, 6, 'ascii')
  buf.write('00', 263, 2, 'ascii')
  buf.write('root', 265, 32, 'ascii')
  buf.write('root', 297, 32, 'ascii')
  buf.write(prefix, 345, 155, 'utf8')
  let sum = 0
  for (const b of buf) sum += b
  buf.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii')
  return buf
}

export class TarGzWriter {
  private readonly gzip: Gzip
  private readonly out: WriteStream
  private readonly hash = createHash('sha256')
  private bytes = 0
  private readonly closed: Promise<void>

  constructor(file: string) {
    this.gzip = createGzip({ level: 9 })
    this.out = createWriteStream(file, { flags: 'wx', mode: 0o644 })
    this.gzip.on('data', (b: Buffer) => {
      this.hash.update(b)
      this.bytes += b.length
    })
    this.closed = new Promise((resolve, reject) => {
      this.out.once('close', resolve)
      this.out.once('error', reject)
      this.gzip.once('error', reject)
    })
    this.gzip.pipe(this.out)
  }

  private write(b: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = this.gzip.write(b, (e) => (e ? reject(e) : undefined))
      if (ok) resolve()
      else this.gzip.once('drain', resolve)
    })
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK
    if (rest !== 0) await this.write(Buffer.alloc(BLOCK - rest))
  }

  async dir(path: string, mtime: number): Promise<void> {
    await this.write(tarHeader({ path, type: 'dir', mode: 0o755, size: 0, mtime }))
  }

  async symlink(path: string, target: string, mtime: number): Promise<void> {
    await this.write(tarHeader({ path, type: 'symlink', mode: 0o777, size: 0, mtime, linkname: target }))
  }

  /** Adds a file from memory or from disk; resolves with the SHA-256 of its content. */
  async file(path: string, source: Buffer | { path: string; size: number }, mode: number, mtime: number): Promise<string> {
    const size = Buffer.isBuffer(source) ? source.length : source.size
    await this.write(tarHeader({ path, type: 'file', mode, size, mtime }))
    const h = createHash('sha256')
    if (Buffer.isBuffer(source)) {
      h.update(source)
      await this.write(source)
    } else {
      let seen = 0
      for await (const chunk of createReadStream(source.path)) {
        const b = chunk as Buffer
        // A file that grew since it was listed must not break the archive: take what was announced.
        const part = seen + b.length > size ? b.subarray(0, size - seen) : b
        seen += part.length
        h.update(part)
        await this.write(part)
        if (seen >= size) break
      }
      if (seen < size) throw new KilnError('CONFLICT', `${source.path} shrank while it was being packaged`)
    }
    await this.pad(size)
    return h.digest('hex')
  }

  /** Two zero blocks end the archive; resolves once the file is on disk. */
  async finish(): Promise<{ sha256: string; bytes: number }> {
    await this.write(Buffer.alloc(2 * BLOCK))
    this.gzip.end()
    await this.closed
    return { sha256: this.hash.digest('hex'), bytes: this.bytes }
  }

  /** Gives up (on an error): closes the streams; the caller deletes the file. */
  abort(): void {
    this.gzip.destroy()
    this.out.destroy()
  }
}
