// Bounded reads from an ELF file: every read names what it wanted, stays inside the file and under
// a cap, so a huge or lying file is never loaded whole and a truncated one gets a clear error.
import { open, type FileHandle } from 'node:fs/promises'
import { KilnError } from '../../../router'

/** The most one table (section headers, a symbol or string table, .dynamic) may take. */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024

export class ElfFile {
  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly fh: FileHandle,
  ) {}

  static async open(path: string): Promise<ElfFile> {
    let fh: FileHandle
    try {
      fh = await open(path, 'r')
    } catch (e) {
      throw fsError(path, e)
    }
    try {
      const st = await fh.stat()
      if (st.isDirectory()) throw new KilnError('IS_A_DIRECTORY', `${path} is a directory, not an ELF file`)
      if (!st.isFile()) throw new KilnError('UNSUPPORTED', `${path} is not a regular file`)
      return new ElfFile(path, st.size, fh)
    } catch (e) {
      await fh.close()
      throw e instanceof KilnError ? e : fsError(path, e)
    }
  }

  /** Exactly `length` bytes at `offset`, or an INVALID_ARGS error that says which part is cut off. */
  async read(offset: number, length: number, what: string): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
      throw corrupt(this.path, `${what} has an impossible offset or size`)
    if (length > MAX_TABLE_BYTES)
      throw new KilnError('TOO_LARGE', `${this.path}: ${what} is ${length} bytes; the limit is ${MAX_TABLE_BYTES}`)
    if (offset + length > this.size)
      throw corrupt(this.path, `truncated: ${what} (bytes ${offset}..${offset + length}) lies past the end of the file (${this.size} bytes)`)
    const buf = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, offset + done)
      if (bytesRead === 0) throw corrupt(this.path, `truncated while reading ${what}`)
      done += bytesRead
    }
    return buf
  }

  close(): Promise<void> {
    return this.fh.close()
  }
}

export const corrupt = (path: string, why: string): KilnError => new KilnError('INVALID_ARGS', `${path}: not a valid ELF file: ${why}`)

function fsError(path: string, e: unknown): KilnError {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return new KilnError('NOT_FOUND', `${path}: no such file`)
  if (code === 'EACCES' || code === 'EPERM') return new KilnError('PERMISSION', `${path}: permission denied`)
  if (code === 'EISDIR') return new KilnError('IS_A_DIRECTORY', `${path} is a directory, not an ELF file`)
  return new KilnError('INVALID_ARGS', `${path}: cannot read: ${e instanceof Error ? e.message : String(e)}`)
}
