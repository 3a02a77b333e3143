// The browser host's folder picker: sub-folders of any folder on this machine (the host already
// requires its token). Only names of folders are shown, never file contents.
import { readdir, realpath, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import type { FolderListing } from '../../../src-preload/contract'
import { KilnError } from '../../router'
import { fsError } from './errors'
import { naturalCompare } from './fs-ops'
import { mapLimit } from './pool'

/** Expands a leading `~` and makes the path absolute; a relative path is taken from home. */
export function expandFolder(input: string, home = homedir()): string {
  if (input === '~') return home
  if (input.startsWith('~/')) return path.join(home, input.slice(2))
  return path.resolve(home, input)
}

/** Sub-folders of `input` (default: home), visible ones first, hidden (dot) ones last. */
export async function browseFolders(input?: string, home = homedir()): Promise<FolderListing> {
  const wanted = expandFolder(input?.trim() || home, home)
  let dir: string
  try {
    dir = await realpath(wanted)
    if (!(await stat(dir)).isDirectory()) throw new KilnError('NOT_A_DIRECTORY', `${wanted} is not a folder`)
  } catch (e) {
    throw fsError(e, wanted)
  }
  let dirents
  try {
    dirents = await readdir(dir, { withFileTypes: true })
  } catch (e) {
    throw fsError(e, `cannot read folder ${dir}`)
  }
  const isDir = await mapLimit(dirents, 32, async (d) => {
    if (d.isDirectory()) return true
    if (!d.isSymbolicLink()) return false
    return stat(path.join(dir, d.name)).then((s) => s.isDirectory(), () => false)
  })
  const names = dirents.filter((_, i) => isDir[i]).map((d) => d.name)
  const hidden = (n: string): number => (n.startsWith('.') ? 1 : 0)
  names.sort((a, b) => hidden(a) - hidden(b) || naturalCompare(a, b))
  const parent = path.dirname(dir)
  return { path: dir, parent: parent === dir ? null : parent, dirs: names, home }
}
