// Text Kiln types into the REPL (Pkg commands) and reads back from it (the last lines before a
// crash). Pure functions.

export type PkgOp = 'instantiate' | 'add' | 'remove' | 'update' | 'status' | 'resolve'

/** `Foo` or `Foo@1.2` (already checked by the contract's regex) as a Julia expression. */
function spec(pkg: string): string {
  const at = pkg.indexOf('@')
  if (at < 0) return JSON.stringify(pkg)
  return `Pkg.PackageSpec(name=${JSON.stringify(pkg.slice(0, at))}, version=${JSON.stringify(pkg.slice(at + 1))})`
}

const names = (packages: readonly string[]): string => `[${packages.map((p) => JSON.stringify(p.split('@')[0])).join(', ')}]`

/**
 * The line typed into the REPL for a Pkg operation (the Pkg API, not `]` mode: it works at any
 * prompt and reads the same in the scrollback). Throws on add/remove without packages.
 */
export function pkgCommand(op: PkgOp, packages: readonly string[]): string {
  const call = ((): string => {
    switch (op) {
      case 'add':
        if (packages.length === 0) throw new Error('name at least one package to add')
        return `Pkg.add([${packages.map(spec).join(', ')}])`
      case 'remove':
        if (packages.length === 0) throw new Error('name at least one package to remove')
        return `Pkg.rm(${names(packages)})`
      case 'update':
        return packages.length === 0 ? 'Pkg.update()' : `Pkg.update(${names(packages)})`
      case 'instantiate':
        return 'Pkg.instantiate()'
      case 'status':
        return 'Pkg.status()'
      case 'resolve':
        return 'Pkg.resolve()'
    }
  })()
  return `import Pkg; ${call}`
}

// CSI (colours, cursor moves), OSC (titles, hyperlinks; BEL or ST terminated) and two-byte escapes.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g

export const stripAnsi = (text: string): string => text.replace(ANSI, '')

/** The last `count` non-empty lines of terminal output, escapes removed, `\r` overwrites applied. */
export function lastLines(output: string, count = 30): string {
  const lines = stripAnsi(output)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => {
      const cut = l.lastIndexOf('\r') // a carriage return alone redraws the line: keep what shows
      return (cut >= 0 ? l.slice(cut + 1) : l).trimEnd()
    })
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.slice(-count).join('\n')
}
