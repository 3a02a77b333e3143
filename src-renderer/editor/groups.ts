// Editor groups and their tabs as pure state transitions. The store holds a `Groups` value and
// replaces it with what these functions return; nothing here touches Monaco or the DOM.
//
// A tab id is a workspace-relative file path, or SETTINGS_TAB for the settings pseudo-editor.
// There are one or two groups (a side-by-side split); a group that loses its last tab closes,
// except the last remaining group.

export type TabId = string

/** Cannot collide with a file: workspace paths never contain '//'. */
export const SETTINGS_TAB: TabId = 'kiln://settings'
export const isFileTab = (id: TabId): boolean => id !== SETTINGS_TAB

export interface Group {
  /** Stable across splits and closes, so React keys and editor instances follow the group. */
  id: number
  tabs: TabId[]
  active: TabId | null
  /** Most recently used first; decides which tab becomes active when the active one closes. */
  mru: TabId[]
}

export interface Groups {
  groups: Group[]
  /** Index into `groups`. */
  activeGroup: number
  nextId: number
}

export const MAX_GROUPS = 2

export const emptyGroups = (): Groups => ({ groups: [{ id: 1, tabs: [], active: null, mru: [] }], activeGroup: 0, nextId: 2 })

const touch = (mru: TabId[], id: TabId): TabId[] => [id, ...mru.filter((t) => t !== id)]

const withGroup = (s: Groups, index: number, group: Group): Groups => ({
  ...s,
  groups: s.groups.map((g, i) => (i === index ? group : g)),
})

const clampIndex = (s: Groups, index: number | undefined): number =>
  Math.max(0, Math.min(s.groups.length - 1, index ?? s.activeGroup))

/** Opens `id` in a group (the active one by default) right after its active tab, and activates it. */
export function openTab(s: Groups, id: TabId, opts: { group?: number; activate?: boolean } = {}): Groups {
  const index = clampIndex(s, opts.group)
  const g = s.groups[index]!
  const activate = opts.activate ?? true
  let tabs = g.tabs
  if (!tabs.includes(id)) {
    const at = g.active === null ? tabs.length : tabs.indexOf(g.active) + 1
    tabs = [...tabs.slice(0, at), id, ...tabs.slice(at)]
  }
  const next: Group = activate || g.active === null ? { ...g, tabs, active: id, mru: touch(g.mru, id) } : { ...g, tabs, mru: [...g.mru, id] }
  return { ...withGroup(s, index, next), activeGroup: activate ? index : s.activeGroup }
}

export function activateTab(s: Groups, index: number, id: TabId): Groups {
  const g = s.groups[index]
  if (!g || !g.tabs.includes(id)) return s
  return { ...withGroup(s, index, { ...g, active: id, mru: touch(g.mru, id) }), activeGroup: index }
}

export function focusGroup(s: Groups, index: number): Groups {
  return index >= 0 && index < s.groups.length && index !== s.activeGroup ? { ...s, activeGroup: index } : s
}

/** Closes `id` in one group. The next active tab is the most recently used one left. */
export function closeTab(s: Groups, index: number, id: TabId): Groups {
  const g = s.groups[index]
  if (!g || !g.tabs.includes(id)) return s
  const tabs = g.tabs.filter((t) => t !== id)
  const mru = g.mru.filter((t) => t !== id)
  if (tabs.length === 0 && s.groups.length > 1) {
    const groups = s.groups.filter((_, i) => i !== index)
    const activeGroup = s.activeGroup > index ? s.activeGroup - 1 : Math.min(s.activeGroup, groups.length - 1)
    return { ...s, groups, activeGroup }
  }
  const active = g.active === id ? (mru.find((t) => tabs.includes(t)) ?? tabs[0] ?? null) : g.active
  return withGroup(s, index, { ...g, tabs, active, mru })
}

/** Closes `id` wherever it is open (a deleted file, a closed folder). */
export function closeEverywhere(s: Groups, id: TabId): Groups {
  let out = s
  for (let i = out.groups.length - 1; i >= 0; i--) out = closeTab(out, i, id)
  return out
}

/**
 * Opens the active group's active tab in the other group (creating it when there is one group),
 * and makes that group active. Does nothing when the active group has no tab.
 */
export function splitActive(s: Groups): Groups {
  const from = s.groups[s.activeGroup]
  if (!from?.active) return s
  let next = s
  let target = s.activeGroup === 0 ? 1 : 0
  if (s.groups.length < MAX_GROUPS) {
    next = { ...s, groups: [...s.groups, { id: s.nextId, tabs: [], active: null, mru: [] }], nextId: s.nextId + 1 }
    target = next.groups.length - 1
  }
  return openTab(next, from.active, { group: target })
}

/** Indices of the groups showing `id` as a tab. */
export const groupsWith = (s: Groups, id: TabId): number[] =>
  s.groups.flatMap((g, i) => (g.tabs.includes(id) ? [i] : []))

export const isOpen = (s: Groups, id: TabId): boolean => s.groups.some((g) => g.tabs.includes(id))

/** Every distinct tab id, in group then tab order. */
export const allTabs = (s: Groups): TabId[] => [...new Set(s.groups.flatMap((g) => g.tabs))]

export const activeTab = (s: Groups): TabId | null => s.groups[s.activeGroup]?.active ?? null

/** Applies a rename to every tab; `map` returns the new id or null for unaffected tabs. */
export function renameTabs(s: Groups, map: (id: TabId) => TabId | null): Groups {
  const rename = (id: TabId): TabId => map(id) ?? id
  return {
    ...s,
    groups: s.groups.map((g) => ({
      ...g,
      tabs: g.tabs.map(rename),
      active: g.active === null ? null : rename(g.active),
      mru: g.mru.map(rename),
    })),
  }
}

/** The neighbour tab in the active group (Ctrl+PageDown / Ctrl+PageUp), wrapping around. */
export function cycleTab(s: Groups, delta: 1 | -1): Groups {
  const g = s.groups[s.activeGroup]
  if (!g || g.tabs.length < 2 || g.active === null) return s
  const i = g.tabs.indexOf(g.active)
  const next = g.tabs[(i + delta + g.tabs.length) % g.tabs.length]!
  return activateTab(s, s.activeGroup, next)
}

/** What survives a reload: tabs and the active ones, without ids that no longer make sense. */
export type PersistedGroups = { groups: { tabs: TabId[]; active: TabId | null }[]; activeGroup: number }

export const persistGroups = (s: Groups): PersistedGroups => ({
  groups: s.groups.map((g) => ({ tabs: g.tabs, active: g.active })),
  activeGroup: s.activeGroup,
})

/** Rebuilds groups from stored JSON, tolerating anything malformed (it came from localStorage). */
export function restoreGroups(raw: unknown): Groups {
  const out = emptyGroups()
  if (typeof raw !== 'object' || raw === null) return out
  const r = raw as { groups?: unknown; activeGroup?: unknown }
  if (!Array.isArray(r.groups)) return out
  const groups: Group[] = []
  for (const g of r.groups.slice(0, MAX_GROUPS)) {
    if (typeof g !== 'object' || g === null) continue
    const { tabs, active } = g as { tabs?: unknown; active?: unknown }
    if (!Array.isArray(tabs)) continue
    const clean = [...new Set(tabs.filter((t): t is string => typeof t === 'string' && t !== ''))]
    if (clean.length === 0) continue
    const act = typeof active === 'string' && clean.includes(active) ? active : clean[0]!
    groups.push({ id: groups.length + 1, tabs: clean, active: act, mru: [act] })
  }
  if (groups.length === 0) return out
  const ag = typeof r.activeGroup === 'number' && r.activeGroup >= 0 && r.activeGroup < groups.length ? r.activeGroup : 0
  return { groups, activeGroup: ag, nextId: groups.length + 1 }
}
