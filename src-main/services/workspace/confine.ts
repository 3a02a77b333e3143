// Confinement: every path the renderer sends is workspace-relative, and nothing may resolve outside
// the open folder, whether through `..`, an absolute path or a symbolic link. The real path is what
// counts; for a path that does not exist yet, the real path of its deepest existing ancestor.
import { lstat, realpath } from 'node:fs/promises'
import path from 'node:path'
import { KilnError } from '../../router'
import { errnoOf, fsError } from './errors'

const outside = (rel: string, how: string): KilnError =>
  new KilnError('OUTSIDE_WORKSPACE', `"${rel}" is outside the workspace (${how}); only files inside the open folder can be used`)

/**
 * Normalizes a contract path ('/'-separated, '' for the root) to a clean relative path.
 * Absolute paths and paths that climb out with `..` are refused.
 */
export function normalizeRel(rel: string): string {
  if (rel.includes('\0')) throw new KilnError('INVALID_ARGS', 'a path may not contain NUL characters')
  if (path.posix.isAbsolute(rel) || (process.platform === 'win32' && path.win32.isAbsolute(rel)))
    throw outside(rel, 'an absolute path')
  const norm = path.posix.normalize(rel.replace(/\/+$/, ''))
  if (norm === '.' || norm === '') return ''
  if (norm === '..' || norm.startsWith('../')) throw outside(rel, 'it climbs out with ..')
  return norm
}

/** True when `p` is `root` or lies beneath it (both absolute, normalized). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

/** The workspace-relative, '/'-separated form of an absolute path inside `root`. */
export const toRel = (root: string, abs: string): string => path.relative(root, abs).split(path.sep).join('/')

const joinRel = (root: string, rel: string): string => (rel === '' ? root : path.join(root, ...rel.split('/')))

/**
 * The real path of `abs` when it exists; otherwise the real path of its deepest existing ancestor
 * with the missing names appended. A dangling symbolic link on the way is refused: where a write
 * through it would land is up to the link, not the workspace.
 */
async function realOrAncestor(abs: string, rel: string): Promise<string> {
  const missing: string[] = []
  let p = abs
  for (;;) {
    try {
      const real = await realpath(p)
      return missing.length === 0 ? real : path.join(real, ...missing.reverse())
    } catch (e) {
      const code = errnoOf(e)
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fsError(e, rel)
      if (code === 'ENOENT') {
        const st = await lstat(p).catch(() => null)
        if (st?.isSymbolicLink()) throw new KilnError('NOT_FOUND', `"${rel}" goes through a broken symbolic link`)
      }
      const parent = path.dirname(p)
      if (parent === p) throw fsError(e, rel)
      missing.push(path.basename(p))
      p = parent
    }
  }
}

/**
 * The absolute real path `rel` refers to, following symbolic links (for read, write, list).
 * Throws OUTSIDE_WORKSPACE when it resolves outside `root` (itself a real path).
 */
export async function resolveTarget(root: string, rel: string, shown = rel): Promise<string> {
  const norm = normalizeRel(rel)
  const lexical = joinRel(root, norm)
  if (!isInside(root, lexical)) throw outside(shown, 'it climbs out with ..')
  const real = await realOrAncestor(lexical, shown)
  if (!isInside(root, real)) throw outside(shown, 'a symbolic link points out of it')
  return real
}

/**
 * The absolute path of the entry `rel` names, without following a symbolic link in its last
 * component (for create, rename, delete: they act on the link itself, which lies inside).
 */
export async function resolveEntry(root: string, rel: string): Promise<string> {
  const norm = normalizeRel(rel)
  if (norm === '') return root
  const parent = path.posix.dirname(norm)
  const parentReal = await resolveTarget(root, parent === '.' ? '' : parent, rel)
  return path.join(parentReal, path.posix.basename(norm))
}
