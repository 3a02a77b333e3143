// The status bar: folder and problems on the left; cursor, indentation, line endings, language,
// host and (browser host) connection on the right.
import type { ReactNode } from 'react'
import { api } from '../api'
import { activeTab, isFileTab } from '../editor/groups'
import { useEditors } from '../store/editors'
import { useOutline } from '../store/outline'
import { useUi } from '../store/ui'
import { useWorkspace } from '../store/workspace'
import { formatCursor, formatEol, formatIndent, languageName } from './format'
import { ErrorIcon, FolderIcon } from './icons'
import { runCommand } from '../commands'
import { CMD } from './keybindings'
import { LangStatusItem } from '../editor/lang-status'
import { useErrorCount } from '../editor/problem-count'
import { JuliaStatusItems, useJuliaWiring } from '../panels/julia/JuliaStatusItems'
import { BuildsStatusItem } from '../panels/builds/BuildsStatusItem'
import { ModelsStatusItem } from '../panels/models/ModelsStatusItem'
import { GhostStatusItem } from '../editor/ghost-status'
import { MonitorStatusItem } from '../panels/monitor/MonitorStatusItem'

function Item({ id, title, children, onClick }: { id: string; title?: string; children: ReactNode; onClick?(): void }) {
  return onClick ? (
    <button type="button" className="kiln-status-item clickable" data-testid="status-item" data-id={id} title={title} onClick={onClick}>
      {children}
    </button>
  ) : (
    <span className="kiln-status-item" data-testid="status-item" data-id={id} title={title}>
      {children}
    </span>
  )
}

export function StatusBar() {
  const info = useWorkspace((s) => s.info)
  const active = useEditors((s) => s.active)
  const activePath = useEditors((s) => {
    const id = activeTab(s.groups)
    return id !== null && isFileTab(id) ? id : null
  })
  // Only files the syntax service analyses (Julia) have a count to show.
  const syntaxErrors = useOutline((s) => (activePath ? s.files[activePath]?.errors : undefined))
  const errors = useErrorCount(syntaxErrors === undefined ? null : activePath, syntaxErrors)
  const connected = useUi((s) => s.connected)
  const browser = api.host === 'browser'
  useJuliaWiring()
  return (
    <footer className={`kiln-status${connected ? '' : ' disconnected'}`} data-testid="status-bar">
      <div className="kiln-status-left">
        <Item id="workspace" title={info?.root ?? 'No folder open'} onClick={() => void runCommand(CMD.openFolder)}>
          <FolderIcon size={14} />
          <span>{info?.name ?? 'No Folder'}</span>
        </Item>
        <LangStatusItem />
        {errors !== undefined && (
          <Item id="problems" title="Errors in this file: syntax, the language server, the last Julia run">
            <ErrorIcon size={13} />
            <span>{errors}</span>
          </Item>
        )}
        <JuliaStatusItems />
        <BuildsStatusItem />
        <ModelsStatusItem />
        <GhostStatusItem />
      </div>
      <div className="kiln-status-right">
        <MonitorStatusItem />
        {active && (
          <>
            <Item id="cursor" title="Go to Line (Ctrl+G in the editor)">
              {formatCursor(active.line, active.column, active.selected)}
            </Item>
            <Item id="indent">{formatIndent(active.insertSpaces, active.tabSize)}</Item>
            <Item id="eol">{formatEol(active.eol)}</Item>
            <Item id="language">{languageName(active.language)}</Item>
          </>
        )}
        <Item id="host" title={browser ? 'Kiln runs as a browser host (kiln serve)' : 'Kiln desktop app'}>
          {browser ? 'Browser host' : 'Desktop'}
        </Item>
        {browser && (
          <Item id="connection" title={connected ? 'Connected to the Kiln host' : 'Connection lost: reconnecting…'}>
            <span className={`kiln-dot ${connected ? 'ok' : 'bad'}`} />
            {connected ? 'Connected' : 'Reconnecting…'}
          </Item>
        )}
      </div>
    </footer>
  )
}
