// Settings view logic: grouping descriptors by prefix, labels from keys, search filtering, and
// turning what the user typed into a typed value (or a message saying why it is not one).
import type { SettingDescriptor, SettingError, SettingsSnapshot } from '../../../src-preload/contract'

export type SettingValue = string | number | boolean

/** Groups in the order the view lists them; unknown prefixes follow alphabetically. */
export const GROUP_ORDER = ['workbench', 'editor', 'files', 'terminal', 'julia', 'juliac', 'inference']

const GROUP_TITLES: Record<string, string> = { juliac: 'Juliac' }

export const groupTitle = (prefix: string): string =>
  GROUP_TITLES[prefix] ?? (prefix ? prefix[0].toUpperCase() + prefix.slice(1) : 'Other')

/** 'fontSize' -> 'Font Size', 'tabSize' -> 'Tab Size', 'autoSave' -> 'Auto Save'. */
export const humanize = (segment: string): string =>
  segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/\b\w/g, (c) => c.toUpperCase())

/** 'terminal.integrated.fontSize' -> { category: 'Terminal › Integrated', title: 'Font Size' }. */
export function settingLabel(key: string): { category: string; title: string } {
  const parts = key.split('.')
  if (parts.length === 1) return { category: 'Other', title: humanize(parts[0]) }
  const title = humanize(parts[parts.length - 1])
  const category = [groupTitle(parts[0]), ...parts.slice(1, -1).map(humanize)].join(' › ')
  return { category, title }
}

export interface SettingView {
  descriptor: SettingDescriptor
  value: SettingValue
  modified: boolean
  errors: string[]
  category: string
  title: string
}

export interface SettingGroup {
  id: string
  title: string
  settings: SettingView[]
}

const prefixOf = (key: string): string => (key.includes('.') ? key.slice(0, key.indexOf('.')) : '')

const groupRank = (prefix: string): number => {
  const i = GROUP_ORDER.indexOf(prefix)
  return i < 0 ? GROUP_ORDER.length : i
}

/**
 * Matches a search: every word must occur in the key, title, description or options. The word
 * '@modified' keeps only settings that differ from their default.
 */
export function matchesSearch(view: SettingView, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const d = view.descriptor
  const hay = [d.key, view.category, view.title, d.description, ...(d.options ?? [])].join('\n').toLowerCase()
  return words.every((w) => (w === '@modified' ? view.modified : hay.includes(w)))
}

/** The snapshot as groups of settings, filtered by `query`; empty groups are dropped. */
export function groupSettings(snapshot: SettingsSnapshot, query = ''): SettingGroup[] {
  const errorsByKey = new Map<string, string[]>()
  for (const e of snapshot.errors) errorsByKey.set(e.key, [...(errorsByKey.get(e.key) ?? []), e.message])
  const groups = new Map<string, SettingView[]>()
  for (const d of snapshot.descriptors) {
    const value = snapshot.values[d.key] ?? d.default
    const view: SettingView = {
      descriptor: d,
      value,
      modified: value !== d.default,
      errors: errorsByKey.get(d.key) ?? [],
      ...settingLabel(d.key),
    }
    if (!matchesSearch(view, query)) continue
    const prefix = prefixOf(d.key)
    groups.set(prefix, [...(groups.get(prefix) ?? []), view])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => groupRank(a) - groupRank(b) || a.localeCompare(b))
    .map(([prefix, settings]) => ({
      id: prefix || 'other',
      title: groupTitle(prefix),
      settings: settings.sort((a, b) => a.descriptor.key.localeCompare(b.descriptor.key)),
    }))
}

/** Errors that name no known setting (a typo in the file): shown at the top of the view. */
export const orphanErrors = (snapshot: SettingsSnapshot): SettingError[] => {
  const known = new Set(snapshot.descriptors.map((d) => d.key))
  return snapshot.errors.filter((e) => !known.has(e.key))
}

export type Coerced = { ok: true; value: SettingValue } | { ok: false; message: string }

/** Turns an input's raw value into the setting's type. */
export function coerceInput(d: SettingDescriptor, raw: string | boolean): Coerced {
  switch (d.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw }
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' }
      return { ok: false, message: `${d.key} must be true or false` }
    case 'number': {
      const text = String(raw).trim()
      if (text === '') return { ok: false, message: `${d.key} needs a number` }
      const n = Number(text)
      if (!Number.isFinite(n)) return { ok: false, message: `${d.key} must be a number, not "${text}"` }
      return { ok: true, value: n }
    }
    case 'enum': {
      const text = String(raw)
      if (d.options && !d.options.includes(text)) return { ok: false, message: `${d.key} must be one of ${d.options.join(', ')}` }
      return { ok: true, value: text }
    }
    case 'string':
      return { ok: true, value: String(raw) }
  }
}
