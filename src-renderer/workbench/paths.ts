// Helpers for workspace-relative paths ('/' separators, '' is the root). Pure, no DOM.

export const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/** Parent folder: 'a/b/c.jl' -> 'a/b', 'c.jl' -> '' (the root), '' -> ''. */
export const dirname = (path: string): string => {
  const i = path.lastIndexOf('/')
  return i < 0 ? '' : path.slice(0, i)
}

export const joinPath = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`)

/** Lower-case extension with the dot ('.jl'); '' for none. Dotfiles like '.gitignore' have none. */
export const extname = (path: string): string => {
  const base = basename(path)
  const i = base.lastIndexOf('.')
  return i <= 0 ? '' : base.slice(i).toLowerCase()
}

/** True when `path` is `dir` itself or lies inside it. The root '' contains everything. */
export const isWithin = (path: string, dir: string): boolean =>
  dir === '' || path === dir || path.startsWith(`${dir}/`)

/** Maps `path` through a rename of `from` to `to` (a file or a folder); null when unaffected. */
export const renamedPath = (path: string, from: string, to: string): string | null => {
  if (path === from) return to
  if (from !== '' && path.startsWith(`${from}/`)) return to + path.slice(from.length)
  return null
}

/** Folders to expand to show `path`, outermost first: 'a/b/c.jl' -> ['a', 'a/b']. */
export const ancestors = (path: string): string[] => {
  const out: string[] = []
  let i = path.indexOf('/')
  while (i >= 0) {
    out.push(path.slice(0, i))
    i = path.indexOf('/', i + 1)
  }
  return out
}

/** Why a typed file name cannot be used, or null when it is fine. Sub-folders ('a/b.jl') are allowed. */
export const invalidName = (name: string): string | null => {
  const trimmed = name.trim()
  if (trimmed === '') return 'A file or folder name must be provided.'
  if (trimmed.startsWith('/')) return 'The name must not start with a slash.'
  if (trimmed.includes('\\')) return 'The name must not contain a backslash.'
  if (trimmed.split('/').some((s) => s === '' || s === '.' || s === '..')) return `'${trimmed}' is not a valid name.`
  return null
}
