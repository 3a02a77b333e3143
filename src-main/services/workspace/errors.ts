// Turns Node's fs errors into KilnErrors whose code and message a user can act on.
import type { ErrorCode } from '../../../src-preload/contract'
import { KilnError } from '../../router'

export const errnoOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined

const codes: Record<string, [ErrorCode, string]> = {
  ENOENT: ['NOT_FOUND', 'not found'],
  EEXIST: ['EXISTS', 'already exists'],
  ENOTEMPTY: ['EXISTS', 'folder is not empty'],
  ENOTDIR: ['NOT_A_DIRECTORY', 'not a folder'],
  EISDIR: ['IS_A_DIRECTORY', 'is a folder'],
  EACCES: ['PERMISSION', 'permission denied'],
  EPERM: ['PERMISSION', 'operation not permitted'],
  EROFS: ['PERMISSION', 'read-only file system'],
  ELOOP: ['NOT_FOUND', 'too many levels of symbolic links'],
  EINVAL: ['INVALID_ARGS', 'invalid operation'],
  EXDEV: ['UNSUPPORTED', 'cannot move across file systems'],
  ENOSPC: ['INTERNAL', 'no space left on device'],
  EMFILE: ['INTERNAL', 'too many open files'],
}

/** Wraps any error from fs as a KilnError naming `what` (a workspace-relative path or a folder). */
export const fsError = (e: unknown, what: string): KilnError => {
  if (e instanceof KilnError) return e
  const errno = errnoOf(e)
  const known = errno ? codes[errno] : undefined
  if (known) return new KilnError(known[0], `${what || '(workspace root)'}: ${known[1]}`)
  return new KilnError('INTERNAL', `${what || '(workspace root)'}: ${e instanceof Error ? e.message : String(e)}`)
}

/** Runs `fn`, rethrowing fs errors as KilnErrors about `what`. */
export const withFsErrors = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn()
  } catch (e) {
    throw fsError(e, what)
  }
}
