// Path helpers for folders on the user's machine (absolute, '/' or Windows '\').

const sepOf = (path: string): string => (path.includes('\\') && !path.includes('/') ? '\\' : '/')

/** Joins a folder and a child name without doubling the separator ('/' + 'home' -> '/home'). */
export function joinPath(dir: string, name: string): string {
  const sep = sepOf(dir)
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`
}

/** The last segment, for a short label: '/home/ada/proj/' -> 'proj'; a root stays itself. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '')
  if (trimmed === '') return path
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'))
  return i < 0 ? trimmed : trimmed.slice(i + 1) || trimmed
}

/** Shortens a path under home to '~/…' for display. */
export function tildify(path: string, home: string | null): string {
  if (!home) return path
  const h = home.replace(/[\\/]+$/, '')
  if (path === h) return '~'
  if (path.startsWith(h) && (path[h.length] === '/' || path[h.length] === '\\')) return `~${path.slice(h.length)}`
  return path
}

/** Expands a typed '~' or '~/x' against home. */
export function expandHome(path: string, home: string | null): string {
  if (!home) return path
  if (path === '~') return home
  if (path.startsWith('~/') || path.startsWith('~\\')) return joinPath(home, path.slice(2))
  return path
}
