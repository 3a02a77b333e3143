// Globs for Find in Files' include/exclude boxes, compiled to RegExps over workspace-relative,
// '/'-separated paths. Syntax: `*` (within a name), `**` (any depth), `?`, `{a,b}`, `[abc]`/`[!a]`.
// Like VS Code: a pattern without '/' (`*.jl`, `src`) matches at any depth; a pattern that matches
// a folder also matches everything in it (so `src` or `docs/build` exclude those folders); a
// leading '/' or './' anchors at the workspace root; a trailing '/' matches folders only.

const escapeChar = (c: string): string => (/[.*+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c)

/** The RegExp source (without anchors) for one glob body. */
function translate(glob: string): string {
  let out = ''
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/'
        if (atSegmentStart && glob[i + 2] === '/') {
          out += '(?:.*/)?' // `**/`: zero or more folders
          i += 2
        } else if (atSegmentStart && i + 2 === glob.length && out.endsWith('/')) {
          out = `${out.slice(0, -1)}(?:/.*)?` // trailing `/**`: the folder itself and all below
          i += 1
        } else {
          out += '.*'
          i += 1
        }
      } else out += '[^/]*'
    } else if (c === '?') out += '[^/]'
    else if (c === '{') {
      braces++
      out += '(?:'
    } else if (c === '}' && braces > 0) {
      braces--
      out += ')'
    } else if (c === ',' && braces > 0) out += '|'
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2)
      if (close < 0) out += '\\['
      else {
        let body = glob.slice(i + 1, close)
        const negate = body.startsWith('!') || body.startsWith('^')
        if (negate) body = body.slice(1)
        out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\')}]`
        i = close
      }
    } else if (c === '\\' && i + 1 < glob.length) out += escapeChar(glob[++i] as string)
    else out += escapeChar(c)
  }
  return out + ')'.repeat(braces)
}

/** Compiles one glob into a RegExp over relative paths. */
export function globToRegExp(glob: string, caseInsensitive = process.platform !== 'linux'): RegExp {
  let g = glob.trim()
  if (process.platform === 'win32') g = g.replace(/\\/g, '/')
  let anchored = false
  if (g.startsWith('./')) {
    g = g.slice(2)
    anchored = true
  } else if (g.startsWith('/')) {
    g = g.replace(/^\/+/, '')
    anchored = true
  }
  let dirOnly = false
  if (g.endsWith('/')) {
    g = g.replace(/\/+$/, '')
    dirOnly = true
  }
  if (!anchored && !g.includes('/') && !g.startsWith('**')) g = `**/${g}`
  // A folder match covers everything inside it; a folder-only pattern needs something inside.
  const tail = dirOnly ? '/.*' : '(?:/.*)?'
  return new RegExp(`^(?:${translate(g)})${tail}$`, caseInsensitive ? 'i' : '')
}

/** Splits `a, b/{c,d}` on commas outside braces, dropping empty parts. */
export function splitGlobs(list: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < list.length; i++) {
    const c = list[i]
    if (c === '{') depth++
    else if (c === '}' && depth > 0) depth--
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i))
      start = i + 1
    }
  }
  parts.push(list.slice(start))
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

/** A predicate for a comma-separated glob list; null when the list is empty (matches nothing). */
export function compileGlobList(list: string): ((rel: string) => boolean) | null {
  const res = splitGlobs(list).map((g) => globToRegExp(g))
  if (res.length === 0) return null
  return (rel) => res.some((re) => re.test(rel))
}
