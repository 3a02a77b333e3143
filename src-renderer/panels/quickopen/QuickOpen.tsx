// Ctrl+P: fuzzy file finder over 'workspace:files'. 'name.jl:12' opens at line 12; an empty query
// lists recently opened files first.
import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import { callOrThrow } from '../../api'
import { QuickPick, type QuickPickItem } from '../palette/QuickPick'
import {
  emptyQueryList,
  FileRanker,
  noteFileOpened,
  parseQuickOpenQuery,
  prepareFiles,
  recentFiles,
  type RankedFile,
} from './quickOpenModel'

const MAX_ROWS = 200

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; files: string[]; truncated: boolean }

const splitPath = (path: string): { dir: string; name: string; base: number } => {
  const base = path.lastIndexOf('/') + 1
  return { dir: path.slice(0, Math.max(0, base - 1)), name: path.slice(base), base }
}

function toItem(r: RankedFile, separator?: string): QuickPickItem {
  const { dir, name, base } = splitPath(r.path)
  return {
    key: r.path,
    label: name,
    labelPositions: r.positions.filter((p) => p >= base).map((p) => p - base),
    description: dir,
    descriptionPositions: r.positions.filter((p) => p < base - 1),
    separator,
  }
}

export function QuickOpen(props: { onClose(): void; onOpen(path: string, line?: number): void }) {
  const { onClose, onOpen } = props
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [query, setQuery] = useState('')
  // Typing stays fluent on huge workspaces: ranking renders behind the keystrokes.
  const deferredQuery = useDeferredValue(query)
  const parsed = useMemo(() => parseQuickOpenQuery(deferredQuery), [deferredQuery])

  useEffect(() => {
    let live = true
    callOrThrow('workspace:files', {}).then(
      (r) => live && setLoad({ state: 'ready', files: r.files, truncated: r.truncated }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
  }, [])

  const files = load.state === 'ready' ? load.files : null
  const ranker = useMemo(() => (files ? new FileRanker(prepareFiles(files)) : null), [files])

  const { items, total } = useMemo((): { items: QuickPickItem[]; total: number } => {
    if (!files || !ranker) return { items: [], total: 0 }
    if (parsed.query === '') {
      const { recent, others } = emptyQueryList(files, recentFiles(), MAX_ROWS)
      const list = [
        ...recent.map((path, i) => toItem({ path, score: 0, positions: [] }, i === 0 ? 'recently opened' : undefined)),
        ...others.map((path, i) =>
          toItem({ path, score: 0, positions: [] }, i === 0 && recent.length > 0 ? 'other files' : undefined),
        ),
      ]
      return { items: list, total: files.length }
    }
    const ranked = ranker.rank(parsed.query, MAX_ROWS)
    return { items: ranked.items.map((r) => toItem(r)), total: ranked.total }
  }, [files, ranker, parsed.query])

  const accept = (item: QuickPickItem): void => {
    const now = parseQuickOpenQuery(query)
    // Enter pressed before the deferred ranking caught up: take the best match for what was typed.
    let path = item.key
    if (query !== deferredQuery && ranker && now.query !== '') path = ranker.rank(now.query, 1).items[0]?.path ?? path
    noteFileOpened(path)
    onClose()
    onOpen(path, now.line)
  }

  let message: string | undefined
  let messageKind: 'info' | 'error' = 'info'
  if (load.state === 'loading') message = 'Loading files…'
  else if (load.state === 'error') {
    message = `Could not list files: ${load.message}`
    messageKind = 'error'
  } else {
    const notes: string[] = []
    if (parsed.line !== undefined) notes.push(`Open at line ${parsed.line}`)
    if (total > items.length && parsed.query !== '') notes.push(`${total - items.length} more matches; keep typing to narrow`)
    if (load.truncated) notes.push(`Only the first ${load.files.length} files of this workspace are listed`)
    message = notes.length ? notes.join(' · ') : undefined
  }

  return (
    <QuickPick
      testId="quick-open"
      ariaLabel="Go to file"
      placeholder="Search files by name (append :line to go to a line)"
      value={query}
      onValueChange={setQuery}
      items={items}
      onAccept={accept}
      onClose={onClose}
      emptyText={load.state === 'ready' ? (load.files.length === 0 ? 'This folder has no files' : 'No matching files') : ''}
      message={message}
      messageKind={messageKind}
    />
  )
}
