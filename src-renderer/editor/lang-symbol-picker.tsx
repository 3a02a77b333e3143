// Ctrl+T, "Go to Symbol in Workspace": the quick pick of Quick Open over the language service's
// symbols (a language server's when ready, else Kiln's index), ranked in main. Enter opens the
// definition at its line. It mounts its own small React root so it needs no slot in App.
import { useEffect, useRef, useState } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import type { KilnApi, LangStatus, WorkspaceSymbol } from '../../src-preload/contract'
import { fuzzyScore } from '../lib/fuzzy'
import { QuickPick, type QuickPickItem } from '../panels/palette/QuickPick'
import { openFile } from './buffers'
import { KIND_DETAIL } from './symbols'

const LIMIT = 200
const QUERY_DELAY_MS = 60


const keyOf = (s: WorkspaceSymbol): string => `${s.file}:${s.line}:${s.name}`

function toItem(s: WorkspaceSymbol, query: string): QuickPickItem {
  const where = `${s.container ? `${s.container} · ` : ''}${s.file}:${s.line}`
  return {
    key: keyOf(s),
    label: s.name,
    labelPositions: fuzzyScore(query, s.name)?.positions,
    description: `${KIND_DETAIL[s.kind]} — ${where}`,
  }
}

function SymbolPicker({ api, onClose }: { api: KilnApi; onClose(): void }) {
  const [query, setQuery] = useState('')
  const [symbols, setSymbols] = useState<WorkspaceSymbol[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<LangStatus | null>(null)
  const latest = useRef(0)

  useEffect(() => {
    void api.call('lang:status', {}).then((r) => r.ok && setStatus(r.value))
    return api.on('lang:status', setStatus)
  }, [api])

  // Re-asks when the query changes, and once more when indexing finishes.
  const indexDone = status?.index.done ?? false
  useEffect(() => {
    const ticket = ++latest.current
    const timer = setTimeout(() => {
      void api.call('lang:workspaceSymbols', { query, limit: LIMIT }).then((r) => {
        if (ticket !== latest.current) return
        if (r.ok) {
          setSymbols(r.value)
          setError(null)
        } else setError(r.message)
      })
    }, QUERY_DELAY_MS)
    return () => clearTimeout(timer)
  }, [api, query, indexDone])

  const items = (symbols ?? []).map((s) => toItem(s, query))
  const byKey = new Map((symbols ?? []).map((s) => [keyOf(s), s]))
  const accept = (item: QuickPickItem): void => {
    const s = byKey.get(item.key)
    onClose()
    if (s) void openFile(s.file, { line: s.line })
  }

  let message: string | undefined
  if (error) message = `Could not search symbols: ${error}`
  else if (status && !status.index.done) message = `Indexing Julia files… ${status.index.files} of ${status.index.total}`
  else if (symbols && symbols.length === LIMIT) message = `Showing the best ${LIMIT} matches; keep typing to narrow`

  return (
    <QuickPick
      testId="workspace-symbols"
      ariaLabel="Go to symbol in workspace"
      placeholder="Search Julia definitions in the workspace by name"
      value={query}
      onValueChange={setQuery}
      items={items}
      onAccept={accept}
      onClose={onClose}
      emptyText={symbols === null ? 'Searching…' : query ? 'No matching definitions' : 'No definitions indexed yet'}
      message={message}
      messageKind={error ? 'error' : 'info'}
    />
  )
}

let root: Root | null = null
let host: HTMLDivElement | null = null

export function closeSymbolPicker(): void {
  root?.unmount()
  host?.remove()
  root = null
  host = null
}

export function openSymbolPicker(api: KilnApi): void {
  closeSymbolPicker()
  host = document.createElement('div')
  host.className = 'kiln-symbol-picker-host'
  document.body.appendChild(host)
  root = createRoot(host)
  root.render(<SymbolPicker api={api} onClose={closeSymbolPicker} />)
}
