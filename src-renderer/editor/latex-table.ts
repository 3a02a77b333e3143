// Julia's LaTeX/emoji-to-Unicode table (generated from Julia's REPL by scripts/gen-latex-symbols.mjs,
// source named in latex-symbols.json's `_source`), with the lookups Tab completion needs. Loaded
// with a dynamic import so its ~70 KB stay out of Monaco's first chunk.

export type SymbolMap = Readonly<Record<string, string>>

export interface LatexTable {
  readonly size: number
  /** The symbol for an exact name such as `\alpha` or `\:smile:`. */
  exact(name: string): string | undefined
  /** `[name, symbol]` pairs whose name starts with `prefix`, in name order, at most `limit`. */
  withPrefix(prefix: string, limit?: number): Array<[string, string]>
  /** Names that produce `symbol` (reverse lookup, for hover), shortest first. */
  namesOf(symbol: string): string[]
}

/** First index in sorted `names` whose name is >= `key` (code-unit order, as Array.sort uses). */
function lowerBound(names: readonly string[], key: string): number {
  let lo = 0
  let hi = names.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (names[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function createLatexTable(symbols: SymbolMap): LatexTable {
  const names = Object.keys(symbols).sort()
  const reverse = new Map<string, string[]>()
  for (const name of names) {
    const symbol = symbols[name]!
    const list = reverse.get(symbol)
    if (list) list.push(name)
    else reverse.set(symbol, [name])
  }
  for (const list of reverse.values()) list.sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  return {
    size: names.length,
    exact: (name) => (Object.hasOwn(symbols, name) ? symbols[name] : undefined),
    withPrefix(prefix, limit = Infinity) {
      const out: Array<[string, string]> = []
      for (let i = lowerBound(names, prefix); i < names.length && out.length < limit; i++) {
        const name = names[i]!
        if (!name.startsWith(prefix)) break
        out.push([name, symbols[name]!])
      }
      return out
    },
    namesOf: (symbol) => reverse.get(symbol) ?? [],
  }
}

let loading: Promise<LatexTable> | null = null
let loaded: LatexTable | null = null

/** Loads the table once (a separate chunk); later calls share the promise. */
export function loadLatexTable(): Promise<LatexTable> {
  loading ??= import('./latex-symbols.json').then((m) => {
    loaded = createLatexTable(m.default.symbols)
    return loaded
  })
  return loading
}

/** The table if it has loaded, else null (the Tab context key is computed synchronously). */
export const latexTableIfLoaded = (): LatexTable | null => loaded
