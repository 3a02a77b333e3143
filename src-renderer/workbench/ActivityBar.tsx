// The column of view icons at the far left. Clicking the visible view's icon hides the side bar.
import type { ReactElement } from 'react'
import { useLayout } from '../store/layout'
import { FilesIcon, GearIcon, OutlineIcon, SearchIcon } from './icons'
import { KEYS, MODELS_KEYS } from './keybindings'
import type { SideView } from './layout-math'
import { openSettingsTab } from './workbench-commands'
import { JULIA_VIEW } from '../panels/julia/julia-commands'
import { JuliaIcon } from '../panels/julia/JuliaIcon'
import { BuildsIcon } from '../panels/builds/BuildsIcon'
import { ModelsIcon } from '../panels/models/ModelsIcon'
import { ChatIcon } from '../panels/chat/ChatIcon'

const VIEWS: { view: SideView; label: string; icon: ReactElement }[] = [
  { view: 'explorer', label: `Explorer (${KEYS.showExplorer})`, icon: <FilesIcon /> },
  { view: 'search', label: `Search (${KEYS.findInFiles})`, icon: <SearchIcon /> },
  { view: 'outline', label: 'Outline', icon: <OutlineIcon /> },
  { view: JULIA_VIEW, label: 'Julia: Variables and Environment', icon: <JuliaIcon size={22} mono /> },
  { view: 'builds', label: 'Builds (juliac)', icon: <BuildsIcon /> },
  { view: 'models', label: `Models (local inference) (${MODELS_KEYS.show})`, icon: <ModelsIcon /> },
  { view: 'chat', label: 'Chat (local model)', icon: <ChatIcon /> },
]

export function ActivityBar() {
  const visible = useLayout((s) => s.sidebarVisible)
  const current = useLayout((s) => s.sideView)
  const toggleView = useLayout((s) => s.toggleView)
  return (
    <nav className="kiln-activity" data-testid="activity-bar" aria-label="Views">
      {VIEWS.map(({ view, label, icon }) => {
        const active = visible && current === view
        return (
          <button
            key={view}
            type="button"
            className={`kiln-activity-item${active ? ' active' : ''}`}
            data-testid={`activity-${view}`}
            aria-pressed={active}
            title={label}
            aria-label={label}
            onClick={() => toggleView(view)}
          >
            {icon}
          </button>
        )
      })}
      <div className="kiln-activity-spacer" />
      <button
        type="button"
        className="kiln-activity-item"
        data-testid="activity-settings"
        title={`Settings (${KEYS.openSettings})`}
        aria-label="Settings"
        onClick={openSettingsTab}
      >
        <GearIcon />
      </button>
    </nav>
  )
}
