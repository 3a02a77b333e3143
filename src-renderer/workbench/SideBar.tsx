// The side bar: one of Explorer, Search, Outline, Julia, Builds, Models, Chat. All stay mounted (hidden when not shown)
// so a search, a scroll position or an expanded tree survive switching views.
import { openFile } from '../editor/buffers'
import { Explorer } from '../panels/explorer/Explorer'
import { ExplorerActions } from '../panels/explorer/ExplorerActions'
import { OutlineView } from '../panels/outline/OutlineView'
import { SearchView } from '../panels/search/SearchView'
import { JuliaView } from '../panels/julia/JuliaView'
import { JULIA_VIEW } from '../panels/julia/julia-commands'
import { BuildsView } from '../panels/builds/BuildsView'
import { ModelsView } from '../panels/models/ModelsView'
import { ChatView } from '../panels/chat/ChatView'
import { useLayout } from '../store/layout'
import { useUi } from '../store/ui'
import { useWorkspace } from '../store/workspace'

const TITLES: Record<string, string> = { explorer: 'Explorer', search: 'Search', outline: 'Outline', [JULIA_VIEW]: 'Julia', builds: 'Builds', models: 'Models', chat: 'Chat' }

export function SideBar({ visible, width }: { visible: boolean; width: number }) {
  const view = useLayout((s) => s.sideView)
  const searchFocus = useUi((s) => s.searchFocus)
  const hasFolder = useWorkspace((s) => s.info !== null)
  return (
    <aside className="kiln-sidebar" data-testid="sidebar" data-view={view} style={{ width, display: visible ? undefined : 'none' }}>
      <header className="kiln-sidebar-title">
        <span>{TITLES[view]}</span>
        {view === 'explorer' && hasFolder && <ExplorerActions />}
      </header>
      <div className="kiln-sidebar-body" hidden={view !== 'explorer'}>
        <Explorer />
      </div>
      <div className="kiln-sidebar-body" hidden={view !== 'search'}>
        {hasFolder ? (
          <SearchView focusToken={searchFocus} onOpen={(path, line, column) => void openFile(path, { line, column })} />
        ) : (
          <p className="kiln-sidebar-empty">Open a folder to search its files.</p>
        )}
      </div>
      <div className="kiln-sidebar-body" hidden={view !== 'outline'}>
        <OutlineView />
      </div>
      <div className="kiln-sidebar-body" hidden={view !== JULIA_VIEW}>
        <JuliaView />
      </div>
      <div className="kiln-sidebar-body" hidden={view !== 'builds'}>
        <BuildsView />
      </div>
      <div className="kiln-sidebar-body" hidden={view !== 'models'}>
        <ModelsView />
      </div>
      <div className="kiln-sidebar-body" hidden={view !== 'chat'}>
        <ChatView />
      </div>
    </aside>
  )
}
