// Which commands the palette lists and in what order. Pure: no DOM, testable in node.
import type { Command } from '../../commands'
import { fuzzyScoreNormalized, normalizeQuery } from '../../lib/fuzzy'

export interface PaletteEntry {
  id: string
  title: string
  keybinding?: string
  positions: number[]
  /** True when listed because it was used recently (empty query). */
  recent: boolean
}

const MAX_RECENT = 10
let recentIds: string[] = []

/** Remembers a command the user ran from the palette, most recent first. */
export function noteCommandUsed(id: string): void {
  recentIds = [id, ...recentIds.filter((r) => r !== id)].slice(0, MAX_RECENT)
}
export const recentCommands = (): readonly string[] => recentIds
export const resetRecentCommands = (): void => {
  recentIds = []
}

const applies = (c: Command): boolean => {
  try {
    return !c.when || c.when()
  } catch {
    return false // a broken `when` hides its command rather than breaking the palette
  }
}

/**
 * Commands whose `when` passes, fuzzy-filtered on the title. An empty query lists recently used
 * commands first, then the rest alphabetically; a query ranks by match score, recent use breaking ties.
 */
export function filterCommands(commands: readonly Command[], query: string, recent: readonly string[] = recentIds): PaletteEntry[] {
  const q = normalizeQuery(query)
  const rank = new Map(recent.map((id, i) => [id, i]))
  const visible = commands.filter(applies)
  if (q === '') {
    const byRecent = visible
      .filter((c) => rank.has(c.id))
      .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0))
    const rest = visible.filter((c) => !rank.has(c.id)).sort((a, b) => a.title.localeCompare(b.title))
    return [
      ...byRecent.map((c) => entry(c, [], true)),
      ...rest.map((c) => entry(c, [], false)),
    ]
  }
  const ql = q.toLowerCase()
  const scored: { c: Command; score: number; positions: number[] }[] = []
  for (const c of visible) {
    const m = fuzzyScoreNormalized(q, ql, c.title, c.title.toLowerCase(), { wordStarts: true })
    if (m) scored.push({ c, score: m.score, positions: m.positions })
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (rank.get(a.c.id) ?? MAX_RECENT) - (rank.get(b.c.id) ?? MAX_RECENT) ||
      a.c.title.localeCompare(b.c.title),
  )
  return scored.map((s) => entry(s.c, s.positions, rank.has(s.c.id)))
}

const entry = (c: Command, positions: number[], recent: boolean): PaletteEntry => ({
  id: c.id,
  title: c.title,
  keybinding: c.keybinding,
  positions,
  recent,
})
