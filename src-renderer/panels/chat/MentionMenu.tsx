// The @-mention menu above the composer: the kinds, or (after `@file:`) workspace files ranked as
// Quick Open ranks them. Keyboard handled by the composer (arrows, Enter/Tab, Escape).
import { useEffect, useMemo, useState } from 'react'
import { api } from '../../api'
import { FileRanker, prepareFiles } from '../quickopen/quickOpenModel'
import { filterMentionKinds, type ActiveMention } from './mentions'

export type MenuItem = { id: string; label: string; detail: string }
export const MENU_LIMIT = 12

let filesCache: Promise<string[]> | null = null
/** Workspace files, listed once per menu opening burst (cleared when the composer closes the menu). */
export const clearFilesCache = (): void => void (filesCache = null)
const listFiles = (): Promise<string[]> =>
  (filesCache ??= api.call('workspace:files', {}).then((r) => (r.ok ? r.value.files : [])))

/** The entries the menu shows for the mention being typed. */
export function useMenuItems(mention: ActiveMention | null): MenuItem[] {
  const [files, setFiles] = useState<string[] | null>(null)
  const wantFiles = mention?.kind === 'file'
  useEffect(() => {
    if (!wantFiles) return
    let live = true
    void listFiles().then((f) => live && setFiles(f))
    return () => {
      live = false
    }
  }, [wantFiles])
  const ranker = useMemo(() => (files ? new FileRanker(prepareFiles(files)) : null), [files])
  if (!mention) return []
  if (mention.kind === null) return filterMentionKinds(mention.query).map((k) => ({ id: k.kind, label: `@${k.label}`, detail: k.detail }))
  if (mention.kind === 'file') {
    if (!ranker) return []
    return ranker.rank(mention.query, MENU_LIMIT).items.map((f) => ({ id: f.path, label: f.path.slice(f.path.lastIndexOf('/') + 1), detail: f.path }))
  }
  return []
}

export function MentionMenu({ items, active, onPick }: { items: MenuItem[]; active: number; onPick: (item: MenuItem) => void }) {
  if (items.length === 0) return null
  return (
    <ul className="kiln-chat-menu" role="listbox" data-testid="chat-mention-menu">
      {items.map((it, i) => (
        <li
          key={it.id}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          data-testid="chat-mention-item"
          data-id={it.id}
          onMouseDown={(e) => {
            // Keep the textarea's focus and caret.
            e.preventDefault()
            onPick(it)
          }}
        >
          <span className="kiln-chat-menu-label">{it.label}</span>
          <span className="kiln-chat-menu-detail">{it.detail}</span>
        </li>
      ))}
    </ul>
  )
}
