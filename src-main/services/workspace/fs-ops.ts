// File operations on a workspace: list, read, write, create, rename. Every path arrives
// workspace-relative and is confined (confine.ts) before anything touches the disk.
import { constants, type Stats } from 'node:fs'
import { access, lstat, mkdir, open, readdir, realpath, rename, stat, writeFile } from 'node:fs/promises'
import { isUtf8 } from 'node:buffer'
import path from 'node:path'
import type { DirEntry, EntryKind, FileContent } from '../../../src-preload/contract'
import { KilnError } from '../../router'
import { TEMP_PREFIX, writeFileAtomic } from './atomic'
import { isInside, normalizeRel, resolveEntry, resolveTarget } from './confine'
import { errnoOf, fsError, withFsErrors } from './errors'
import { mapLimit } from './pool'

/** Files above this open read-only in Monaco's large-file mode. */
export const LARGE_FILE_BYTES = 20 * 1024 * 1024
/** Files above this are not opened at all (TOO_LARGE): a 50 MB string is already heavy for Monaco. */
export const MAX_READ_BYTES = 50 * 1024 * 1024
/** How much of a file the NUL-byte sniff looks at, as git and VS Code do. */
export const BINARY_SNIFF_BYTES = 8 * 1024

/** Entries the file tree never shows: git's internals and our own in-flight temp files. */
export const isHiddenEntry = (name: string): boolean => name === '.git' || (name.startsWith(TEMP_PREFIX) && name.endsWith('.tmp'))

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
/** Case-insensitive natural order ('file2' before 'file10'), ties broken by code point. */
export const naturalCompare = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)

/** Binary: a NUL byte in the first 8 KB, or bytes that are not valid UTF-8. */
export const isBinary = (buf: Buffer): boolean =>
  buf.subarray(0, BINARY_SNIFF_BYTES).includes(0) || !isUtf8(buf)

const joinRel = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`)

/** Describes one entry; a symbolic link shows as its target when that lies inside the workspace. */
async function describe(root: string, rel: string, abs: string, st: Stats): Promise<DirEntry> {
  const name = path.posix.basename(rel)
  let kind: EntryKind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other'
  let shown = st
  if (st.isSymbolicLink()) {
    try {
      const real = await realpath(abs)
      if (isInside(root, real)) {
        shown = await stat(real)
        kind = shown.isDirectory() ? 'dir' : shown.isFile() ? 'file' : 'other'
      }
    } catch {
      // a broken link stays 'symlink'
    }
  }
  return { name, path: rel, kind, size: shown.size, mtimeMs: shown.mtimeMs }
}

const kindRank = (e: DirEntry): number => (e.kind === 'dir' ? 0 : 1)

/** One folder's entries: folders first, then files, each in natural order. */
export async function listDir(root: string, rel: string): Promise<DirEntry[]> {
  const dirRel = normalizeRel(rel)
  const abs = await resolveTarget(root, rel)
  const names = await withFsErrors(rel, () => readdir(abs))
  const entries = await mapLimit(
    names.filter((n) => !isHiddenEntry(n)),
    32,
    async (name): Promise<DirEntry | null> => {
      const childAbs = path.join(abs, name)
      const st = await lstat(childAbs).catch(() => null) // gone since readdir: leave it out
      return st ? describe(root, joinRel(dirRel, name), childAbs, st) : null
    },
  )
  return entries
    .filter((e): e is DirEntry => e !== null)
    .sort((a, b) => kindRank(a) - kindRank(b) || naturalCompare(a.name, b.name))
}

/** A file's text; binary files come back empty and read-only, large ones read-only. */
export async function readText(root: string, rel: string): Promise<FileContent> {
  const abs = await resolveTarget(root, rel)
  // O_NONBLOCK: opening a FIFO someone left in the tree must not hang the main process.
  const flags = process.platform === 'win32' ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK
  return withFsErrors(rel, async () => {
    const handle = await open(abs, flags)
    try {
      const st = await handle.stat()
      if (st.isDirectory()) throw new KilnError('IS_A_DIRECTORY', `"${rel}" is a folder, not a file`)
      if (!st.isFile()) throw new KilnError('UNSUPPORTED', `"${rel}" is not a regular file`)
      if (st.size > MAX_READ_BYTES)
        throw new KilnError('TOO_LARGE', `"${rel}" is ${mb(st.size)}; Kiln opens files up to ${mb(MAX_READ_BYTES)}`)
      const buf = await handle.readFile()
      const binary = isBinary(buf)
      return {
        path: normalizeRel(rel),
        // toString keeps a byte-order mark, so a save writes the same bytes back.
        content: binary ? '' : buf.toString('utf8'),
        mtimeMs: st.mtimeMs,
        size: buf.length,
        readOnly: binary ? 'binary' : buf.length > LARGE_FILE_BYTES ? 'large' : null,
      }
    } finally {
      await handle.close()
    }
  })
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`

/**
 * Saves `content` atomically, keeping an existing file's permissions. With `expectedMtimeMs`, a
 * file changed on disk since it was read is not touched: CONFLICT. A missing file is created.
 */
export async function writeText(
  root: string,
  rel: string,
  content: string,
  expectedMtimeMs?: number | null,
): Promise<{ mtimeMs: number; size: number }> {
  const target = await resolveTarget(root, rel)
  return withFsErrors(rel, async () => {
    const st = await stat(target).catch((e: unknown) => {
      if (errnoOf(e) === 'ENOENT') return null
      throw e
    })
    if (st?.isDirectory()) throw new KilnError('IS_A_DIRECTORY', `"${rel}" is a folder, not a file`)
    if (st && !st.isFile()) throw new KilnError('UNSUPPORTED', `"${rel}" is not a regular file`)
    if (st && expectedMtimeMs != null && st.mtimeMs !== expectedMtimeMs)
      throw new KilnError('CONFLICT', `"${rel}" changed on disk since it was opened; nothing was written`)
    if (st) {
      // The rename would replace a read-only file without asking; refuse as the file itself would.
      await access(target, constants.W_OK).catch(() => {
        throw new KilnError('PERMISSION', `"${rel}" is read-only`)
      })
    } else {
      await mkdir(path.dirname(target), { recursive: true })
    }
    await writeFileAtomic(target, content, st ? st.mode & 0o7777 : undefined)
    const after = await stat(target)
    return { mtimeMs: after.mtimeMs, size: after.size }
  })
}

/** Creates an empty file or a folder (and missing parents); EXISTS when something is there. */
export async function createEntry(root: string, rel: string, kind: 'file' | 'dir'): Promise<DirEntry> {
  const norm = normalizeRel(rel)
  if (norm === '') throw new KilnError('EXISTS', 'the workspace folder already exists')
  const abs = await resolveEntry(root, rel)
  return withFsErrors(rel, async () => {
    if (await lstat(abs).catch(() => null)) throw new KilnError('EXISTS', `"${norm}" already exists`)
    await mkdir(path.dirname(abs), { recursive: true })
    if (kind === 'dir') await mkdir(abs)
    else await writeFile(abs, '', { flag: 'wx' })
    return describe(root, norm, abs, await lstat(abs))
  })
}

/** Renames or moves an entry; never overwrites (EXISTS), never moves a folder into itself. */
export async function renameEntry(root: string, from: string, to: string): Promise<void> {
  const src = normalizeRel(from)
  const dst = normalizeRel(to)
  if (src === '' || dst === '') throw new KilnError('INVALID_ARGS', 'the workspace folder itself cannot be renamed here')
  const srcAbs = await resolveEntry(root, from)
  const dstAbs = await resolveEntry(root, to)
  const srcSt = await lstat(srcAbs).catch((e: unknown) => {
    throw fsError(e, src)
  })
  const dstSt = await lstat(dstAbs).catch(() => null)
  // The same inode is a case-only rename on a case-insensitive file system: allowed.
  if (dstSt && !(dstSt.ino === srcSt.ino && dstSt.dev === srcSt.dev)) throw new KilnError('EXISTS', `"${dst}" already exists`)
  if (srcSt.isDirectory() && srcAbs !== dstAbs && isInside(srcAbs, dstAbs))
    throw new KilnError('INVALID_ARGS', `cannot move "${src}" into itself`)
  await withFsErrors(dst, async () => {
    await mkdir(path.dirname(dstAbs), { recursive: true })
    await rename(srcAbs, dstAbs)
  })
}
