// Which Julia module code from the editor runs in, decided on the file's outline alone (pure, so
// unit-tested). As in VS Code's Julia extension: code inside `module Demo … end` runs in Main.Demo
// (nested modules: Main.Outer.Inner) when the REPL has that module, else in Main; the user may pin
// a module per file ("Julia: Select Module"), which then wins.
import type { OutlineSymbol } from '../../src-preload/contract'
import type { LineRange } from './run-cells'

export const MAIN = 'Main'

/**
 * The dotted path of the innermost module whose body holds all of `range`. A module's own
 * `module …` and `end` lines are not its body: running them runs the whole block, which belongs
 * to the enclosing module (else `module Demo` would define Main.Demo.Demo).
 */
export function moduleAt(outline: readonly OutlineSymbol[], range: LineRange, base = MAIN): string {
  for (const s of outline) {
    if (s.kind !== 'module' || !(s.line < range.startLine && range.endLine < s.endLine)) continue
    return moduleAt(s.children ?? [], range, `${base}.${s.name}`)
  }
  return base
}

/** Every module the file defines, in document order, as full paths (`Main.Outer`, `Main.Outer.Inner`). */
export function modulesOf(outline: readonly OutlineSymbol[], base = MAIN): string[] {
  return outline.flatMap((s) => (s.kind === 'module' ? [`${base}.${s.name}`, ...modulesOf(s.children ?? [], `${base}.${s.name}`)] : []))
}

/**
 * Modules whose whole `module … end` block lies inside `range`: running the range (in `base`)
 * defines them, so they are loaded afterwards.
 */
export function modulesDefinedIn(outline: readonly OutlineSymbol[], range: LineRange, base = MAIN): string[] {
  return outline.flatMap((s) => {
    if (s.kind !== 'module') return []
    const path = `${base}.${s.name}`
    if (range.startLine <= s.line && s.endLine <= range.endLine) return modulesOf([s], base)
    return s.line < range.startLine && range.endLine < s.endLine ? modulesDefinedIn(s.children ?? [], range, path) : []
  })
}

/** How the status bar names a module: without the `Main.` every path starts with. */
export const shortModule = (path: string): string => (path === MAIN ? MAIN : path.replace(/^Main\./, ''))

/**
 * Whether Julia ran the code in Main because the module asked for is not loaded. A loaded package
 * may come back under its own name (`Demo` for `Main.Demo`): that is no fallback.
 */
export const fellBack = (requested: string, used: string | undefined): boolean => used === MAIN && requested !== MAIN

/** The hover's note for a fallback. */
export const fallbackNote = (requested: string): string => `evaluated in Main (${shortModule(requested)} is not loaded)`
