// Atomic file replacement: a crash at any moment leaves either the old bytes or the new ones.
// Write a temp file beside the target, fsync it, rename it over the target, fsync the folder.
import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import path from 'node:path'

/** Temp names start with this so watchers and listings can recognise them. */
export const TEMP_PREFIX = '.kiln-'

export const tempNameFor = (target: string): string =>
  path.join(path.dirname(target), `${TEMP_PREFIX}${path.basename(target).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`)

/** Makes a rename durable. Some platforms cannot open or fsync a folder; that is not an error. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Windows and some file systems refuse; the rename itself has already happened.
  } finally {
    await handle?.close().catch(() => {})
  }
}

/**
 * Replaces `target` with `data` atomically. `mode` (permission bits) is applied exactly, umask
 * aside, so a save keeps an existing file's mode.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const temp = tempNameFor(target)
  const handle = await open(temp, 'wx', mode ?? 0o666)
  let renamed = false
  try {
    try {
      await handle.writeFile(data)
      if (mode !== undefined) await handle.chmod(mode)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
    renamed = true
  } finally {
    if (!renamed) await unlink(temp).catch(() => {})
  }
  await fsyncDir(path.dirname(target))
}
