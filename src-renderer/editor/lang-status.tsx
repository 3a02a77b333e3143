// The status bar items for language features: the workspace index while it builds ("Indexing
// 12/40"), then its size ("{ } 812 symbols"); beside it the language server's state when one is
// configured or found ("JETLS: indexing 40%", "JETLS ready", a warning on "JETLS: failed"), each
// with its details in the tooltip. Texts come from lsp-status-text.ts.
import { useEffect, useState } from 'react'
import type { LangStatus } from '../../src-preload/contract'
import { api } from '../api'
import { callOrNotify } from '../notifications/call'
import { Spinner } from '../panels/julia/JuliaIcon'
import { useWorkspace } from '../store/workspace'
import { WarningIcon } from '../workbench/icons'
import { describeIndex, describeServer } from './lsp-status-text'

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
  if (!status || !open) return null
  const server = describeServer(status.server)
  const noIndex = status.index.total === 0 && status.index.done
  if (noIndex && !server) return null
  const index = describeIndex(status.index)
  return (
    <>
      {!noIndex && (
        <span className="kiln-status-item" data-testid="status-item" data-id="lang" data-busy={index.busy} title={index.title}>
          {index.busy ? <Spinner /> : <span aria-hidden="true">{'{ }'}</span>}
          <span>{index.text}</span>
        </span>
      )}
      {server && (
        <button
          type="button"
          className="kiln-status-item clickable"
          data-testid="status-item"
          data-id="lang-server"
          data-state={status.server.state}
          title={status.server.state === 'failed' ? `${server.title}\nClick to restart it.` : server.title}
          onClick={() => void callOrNotify('lang:restartServer', {}, 'Restart the language server')}
        >
          {server.look === 'busy' && <Spinner />}
          {server.look === 'failed' && <WarningIcon size={13} style={{ color: 'var(--kiln-warning)' }} />}
          <span>{server.text}</span>
        </button>
      )}
    </>
  )
}
