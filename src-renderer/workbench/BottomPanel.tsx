// The bottom panel: a tab strip (Terminal, where the Julia REPL is a tab, Plots, Tests, Build and
// Monitor) over the active view. Every view stays mounted while hidden so terminals keep running.
import { useState } from 'react'
import { createPortal } from 'react-dom'
import { PlotPane, PlotToolbar } from '../panels/julia/PlotPane'
import { useJulia, type BottomTab } from '../store/julia'
import { TerminalPanel } from '../panels/terminal/TerminalPanel'
import { TestsView } from '../panels/tests/TestsView'
import { BuildPanel } from '../panels/builds/BuildPanel'
import { MonitorPanel, MonitorToolbar } from '../panels/monitor/MonitorPanel'
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
  const tab = useJulia((s) => s.bottomTab)
  const plotCount = useJulia((s) => s.plots.length)
  const tabButton = (id: BottomTab, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={tab === id}
      className={`kiln-panel-tab${tab === id ? ' active' : ''}`}
      data-testid={`panel-tab-${id}`}
      onClick={() => useJulia.setState({ bottomTab: id })}
    >
      {label}
    </button>
  )
  return (
    <section className="kiln-panel" data-testid="bottom-panel" style={{ height, display: visible ? undefined : 'none' }}>
      <header className="kiln-panel-header">
        <div className="kiln-panel-tabs" role="tablist">
          {tabButton('terminal', 'Terminal')}
          {tabButton('plots', plotCount > 0 ? `Plots (${plotCount})` : 'Plots')}
          {tabButton('tests', 'Tests')}
          {tabButton('build', 'Build')}
          {tabButton('monitor', 'Monitor')}
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
      <div className="kiln-panel-body" hidden={tab !== 'terminal'}>
        <TerminalPanel visible={visible && tab === 'terminal'} tabsHost={tab === 'terminal' ? toolbar : null} onOpenFile={(path, line, column) => void openFile(toWorkspacePath(path), { line, column })} />
      </div>
      <div className="kiln-panel-body" hidden={tab !== 'plots'}>
        <PlotPane />
      </div>
      <div className="kiln-panel-body" hidden={tab !== 'tests'}>
        <TestsView />
      </div>
      <div className="kiln-panel-body" hidden={tab !== 'build'}>
        <BuildPanel />
      </div>
      <div className="kiln-panel-body" hidden={tab !== 'monitor'}>
        <MonitorPanel visible={visible && tab === 'monitor'} />
      </div>
      {tab === 'plots' && toolbar && createPortal(<PlotToolbar />, toolbar)}
      {tab === 'monitor' && toolbar && createPortal(<MonitorToolbar />, toolbar)}
    </section>
  )
}
