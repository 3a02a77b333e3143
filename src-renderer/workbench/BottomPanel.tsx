// The bottom panel: a tab strip (Terminal now; REPL and others join later) over the active view.
// It stays mounted while hidden so terminals keep running.
import { useState } from 'react'
import { TerminalPanel } from '../panels/terminal/TerminalPanel'
import { openFile } from '../editor/buffers'
import { useLayout } from '../store/layout'
import { useWorkspace } from '../store/workspace'
import { CloseIcon } from './icons'
import { KEYS } from './keybindings'

/** Terminal links may be absolute: inside the folder they become workspace-relative. */
function toWorkspacePath(path: string): string {
  const root = useWorkspace.getState().info?.root
  if (root && path.startsWith(`${root}/`)) return path.slice(root.length + 1)
  return path.replace(/^\.\//, '')
}

export function BottomPanel({ visible, height }: { visible: boolean; height: number }) {
  const set = useLayout((s) => s.set)
  // The active view's own toolbar (the terminal tabs) lives in the header row, as in VS Code.
  const [toolbar, setToolbar] = useState<HTMLDivElement | null>(null)
  return (
    <section className="kiln-panel" data-testid="bottom-panel" style={{ height, display: visible ? undefined : 'none' }}>
      <header className="kiln-panel-header">
        <div className="kiln-panel-tabs" role="tablist">
          <button type="button" role="tab" aria-selected="true" className="kiln-panel-tab active" data-testid="panel-tab-terminal">
            Terminal
          </button>
        </div>
        <div className="kiln-panel-toolbar" ref={setToolbar} />
        <div className="kiln-panel-actions">
          <button
            type="button"
            className="kiln-icon-button"
            title={`Hide Panel (${KEYS.togglePanel})`}
            aria-label="Hide panel"
            onClick={() => set({ panelVisible: false })}
          >
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="kiln-panel-body">
        <TerminalPanel visible={visible} tabsHost={toolbar} onOpenFile={(path, line, column) => void openFile(toWorkspacePath(path), { line, column })} />
      </div>
    </section>
  )
}
