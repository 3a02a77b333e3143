// The Artifacts view's models: the output as a tree with folder totals, the size breakdown as bar
// segments, and the difference from the previous build as rows with signed sizes. Pure.
import type { ArtifactEntry, ArtifactReport, SizeBreakdown } from '../../../src-preload/contract'

export interface TreeRow {
  path: string
  name: string
  depth: number
  size: number
  kind: ArtifactEntry['kind'] | 'dir'
}

/** Folders first, then files, by name; each folder's size is the sum of what it holds. */
export function artifactTree(entries: readonly ArtifactEntry[]): TreeRow[] {
  type Node = { name: string; path: string; size: number; kind: TreeRow['kind']; children: Map<string, Node> }
  const root: Node = { name: '', path: '', size: 0, kind: 'dir', children: new Map() }
  for (const e of entries) {
    const parts = e.path.split('/').filter(Boolean)
    let node = root
    node.size += e.size
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join('/')
      const leaf = i === parts.length - 1
      let child = node.children.get(part)
      if (!child) node.children.set(part, (child = { name: part, path, size: 0, kind: leaf ? e.kind : 'dir', children: new Map() }))
      child.size += e.size
      node = child
    })
  }
  const rows: TreeRow[] = []
  const walk = (n: Node, depth: number): void => {
    const kids = [...n.children.values()].sort((a, b) => (a.kind === 'dir') !== (b.kind === 'dir') ? (a.kind === 'dir' ? -1 : 1) : a.name.localeCompare(b.name))
    for (const k of kids) {
      rows.push({ path: k.path, name: k.name, depth, size: k.size, kind: k.kind })
      walk(k, depth + 1)
    }
  }
  walk(root, 0)
  return rows
}

export const KIND_LABEL: Record<TreeRow['kind'], string> = {
  dir: 'folder',
  exe: 'executable',
  lib: 'library',
  'julia-lib': 'Julia library',
  artifact: 'artifact',
  other: 'file',
}

export interface Segment {
  key: keyof Omit<SizeBreakdown, 'total'>
  label: string
  bytes: number
  /** Share of the total, 0..1. */
  share: number
}

const SEGMENTS: { key: Segment['key']; label: string }[] = [
  { key: 'exe', label: 'Executable' },
  { key: 'lib', label: 'lib' },
  { key: 'juliaLib', label: 'lib/julia' },
  { key: 'artifacts', label: 'Artifacts' },
  { key: 'other', label: 'Other' },
]

/** The bar's segments, empty ones left out; shares sum to 1 when there is anything. */
export function breakdownSegments(s: SizeBreakdown): Segment[] {
  const total = s.total > 0 ? s.total : SEGMENTS.reduce((t, g) => t + s[g.key], 0)
  return SEGMENTS.filter((g) => s[g.key] > 0).map((g) => ({ ...g, bytes: s[g.key], share: total > 0 ? s[g.key] / total : 0 }))
}

export interface DiffRow {
  path: string
  change: 'added' | 'removed' | 'changed'
  before: number | null
  after: number | null
  delta: number
}

/** Biggest changes first; an added/removed file's size comes from the report's entries where known. */
export function diffRows(report: ArtifactReport): DiffRow[] {
  const diff = report.diff
  if (!diff) return []
  const sizeNow = new Map(report.entries.map((e) => [e.path, e.size]))
  const rows: DiffRow[] = [
    ...diff.changed.map((c) => ({ path: c.path, change: 'changed' as const, before: c.before, after: c.after, delta: c.after - c.before })),
    ...diff.added.map((p) => ({ path: p, change: 'added' as const, before: null, after: sizeNow.get(p) ?? null, delta: sizeNow.get(p) ?? 0 })),
    ...diff.removed.map((p) => ({ path: p, change: 'removed' as const, before: null, after: null, delta: 0 })),
  ]
  return rows.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.path.localeCompare(b.path))
}

/** Per-part size changes (executable, lib, …, total) against the previous build. */
export function breakdownDelta(report: ArtifactReport): { label: string; before: number; after: number; delta: number }[] {
  const d = report.diff
  if (!d) return []
  const parts = [...SEGMENTS, { key: 'total' as const, label: 'Total' }]
  return parts
    .map((g) => ({ label: g.label, before: d.sizesBefore[g.key], after: report.sizes[g.key], delta: report.sizes[g.key] - d.sizesBefore[g.key] }))
    .filter((r) => r.before > 0 || r.after > 0)
}
