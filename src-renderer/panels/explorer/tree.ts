// The explorer's tree as data: folders load lazily, so the tree is a map from a loaded folder to
// its entries plus the set of expanded folders. Rendering walks it into a flat list of rows.
import type { DirEntry, FileChange } from '../../../src-preload/contract'
import { dirname, isWithin } from '../../workbench/paths'

export type Children = Record<string, DirEntry[]>
export type Expanded = Record<string, boolean>

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Folders first, then names in natural order ('file2' before 'file10'), like VS Code. */
export function sortEntries(entries: DirEntry[]): DirEntry[] {
  const isDir = (e: DirEntry): number => (e.kind === 'dir' ? 0 : 1)
  return [...entries].sort((a, b) => isDir(a) - isDir(b) || collator.compare(a.name, b.name))
}

export type NewKind = 'file' | 'dir'
export type Row =
  | { type: 'entry'; entry: DirEntry; depth: number; expanded: boolean }
  /** The inline input for a new file or folder, shown first inside `dir`. */
  | { type: 'new'; dir: string; kind: NewKind; depth: number }

/** Rows in display order: the children of every expanded, loaded folder, depth first. */
export function visibleRows(children: Children, expanded: Expanded, pendingNew: { dir: string; kind: NewKind } | null = null): Row[] {
  const rows: Row[] = []
  const walk = (dir: string, depth: number): void => {
    if (pendingNew && pendingNew.dir === dir) rows.push({ type: 'new', dir, kind: pendingNew.kind, depth })
    for (const entry of children[dir] ?? []) {
      const open = entry.kind === 'dir' && expanded[entry.path] === true
      rows.push({ type: 'entry', entry, depth, expanded: open })
      if (open) walk(entry.path, depth + 1)
    }
  }
  walk('', 0)
  return rows
}

/**
 * Loaded folders whose listing a batch of disk changes makes stale: the parent of each changed
 * path. Content changes to a file do not alter a listing, except its size and mtime, which the
 * tree does not show, so they are skipped.
 */
export function staleFolders(changes: FileChange[], children: Children): string[] {
  const out = new Set<string>()
  for (const c of changes) {
    if (c.kind === 'changed') continue
    const parent = dirname(c.path)
    if (children[parent]) out.add(parent)
  }
  return [...out]
}

/** Forgets loaded listings and expansion state under deleted folders (they may come back empty). */
export function pruneDeleted(children: Children, expanded: Expanded, deleted: string[]): { children: Children; expanded: Expanded } {
  if (deleted.length === 0) return { children, expanded }
  const gone = (p: string): boolean => p !== '' && deleted.some((d) => isWithin(p, d))
  const keep = <T>(rec: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(rec).filter(([k]) => !gone(k)))
  return { children: keep(children), expanded: keep(expanded) }
}

/** Where a new file goes: inside the selected folder, beside the selected file, else at the root. */
export function targetFolder(selected: DirEntry | null): string {
  if (!selected) return ''
  return selected.kind === 'dir' ? selected.path : dirname(selected.path)
}
