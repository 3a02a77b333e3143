// The status bar item for language features: the workspace index while it builds ("Indexing 12/40"),
// then its size; and the language server's state when one is configured.
import { useEffect, useState } from 'react'
import type { LangStatus } from '../../src-preload/contract'
import { api } from '../api'
import { useWorkspace } from '../store/workspace'

export function describeLangStatus(s: LangStatus): { text: string; title: string; busy: boolean } {
  const { index, server } = s
  const busy = !index.done || server.state === 'starting' || server.state === 'indexing'
  const parts: string[] = []
  if (!index.done) parts.push(`Indexing ${index.files}/${index.total}`)
  else parts.push(`${index.symbols} symbols`)
  if (server.state !== 'absent') parts.push(`${server.name ?? 'Language server'}: ${server.progress ?? server.state}`)
  const title = [
    index.done
      ? `Julia index: ${index.symbols} definitions in ${index.files} files (built in ${index.durationMs} ms)`
      : `Indexing the workspace's Julia files: ${index.files} of ${index.total}`,
    server.message,
  ].join('\n')
  return { text: parts.join(' · '), title, busy }
}

export function LangStatusItem() {
  const [status, setStatus] = useState<LangStatus | null>(null)
  const open = useWorkspace((s) => s.info !== null)
  useEffect(() => {
    let live = true
    void api.call('lang:status', {}).then((r) => live && r.ok && setStatus(r.value))
    const off = api.on('lang:status', setStatus)
    return () => {
      live = false
      off()
    }
  }, [])
  if (!status || !open || (status.index.total === 0 && status.index.done && status.server.state === 'absent')) return null
  const { text, title, busy } = describeLangStatus(status)
  return (
    <span className="kiln-status-item" data-testid="status-item" data-id="lang" data-busy={busy} title={title}>
      {busy ? <span className="kiln-lang-spinner" aria-hidden="true">⟳</span> : <span aria-hidden="true">{'{ }'}</span>}
      <span>{text}</span>
    </span>
  )
}
