// Moving files to the trash per the freedesktop.org Trash specification 1.0 (what GNOME, KDE and
// `gio trash` use on Linux): the item goes to $XDG_DATA_HOME/Trash/files/NAME and a matching
// info/NAME.trashinfo records where it came from and when, so the desktop's trash can restore it.
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { errnoOf } from './errors'

/** The home trash: $XDG_DATA_HOME/Trash, by default ~/.local/share/Trash. */
export function homeTrashDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(homedir(), '.local', 'share')
  return path.join(dataHome, 'Trash')
}

const pad = (n: number): string => String(n).padStart(2, '0')
/** Local time, YYYY-MM-DDThh:mm:ss, as the spec asks. */
const deletionDate = (d: Date): string =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`

/** The original path, percent-encoded like a URL path ('/' kept). */
const encodePath = (p: string): string => p.split('/').map(encodeURIComponent).join('/')

/** 'a.jl', 'a.2.jl', 'a.3.jl'…: candidate names in the trash. */
function candidateName(base: string, n: number): string {
  if (n === 1) return base
  const ext = path.extname(base)
  const stem = ext && ext !== base ? base.slice(0, -ext.length) : base
  return `${stem}.${n}${ext && ext !== base ? ext : ''}`
}

/**
 * Moves `abs` into the trash at `trashDir`. Returns false, having changed nothing, when the item is
 * on another file system than the trash (the caller then deletes outright); other errors throw.
 */
export async function moveToTrash(abs: string, trashDir: string, now: Date = new Date()): Promise<boolean> {
  const filesDir = path.join(trashDir, 'files')
  const infoDir = path.join(trashDir, 'info')
  await mkdir(filesDir, { recursive: true, mode: 0o700 })
  await mkdir(infoDir, { recursive: true, mode: 0o700 })
  const info = `[Trash Info]\nPath=${encodePath(abs)}\nDeletionDate=${deletionDate(now)}\n`

  for (let n = 1; n < 10_000; n++) {
    const name = candidateName(path.basename(abs), n)
    const infoPath = path.join(infoDir, `${name}.trashinfo`)
    // The spec: create the .trashinfo first with O_EXCL, which reserves the name atomically.
    let handle
    try {
      handle = await open(infoPath, 'wx', 0o600)
    } catch (e) {
      if (errnoOf(e) === 'EEXIST') continue
      throw e
    }
    try {
      await handle.writeFile(info)
      await handle.sync()
    } finally {
      await handle.close()
    }
    const dest = path.join(filesDir, name)
    // rename() would silently replace a file left in files/ without its info (a damaged trash).
    if (await lstat(dest).then(() => true, () => false)) {
      await unlink(infoPath).catch(() => {})
      continue
    }
    try {
      await rename(abs, dest)
      return true
    } catch (e) {
      await unlink(infoPath).catch(() => {})
      const code = errnoOf(e)
      if (code === 'EXDEV') return false
      if (code === 'EEXIST' || code === 'ENOTEMPTY') continue // taken meanwhile: try the next name
      throw e
    }
  }
  throw new Error('could not find a free name in the trash')
}
