// The workbench frame: activity bar, side bar, editor area over the bottom panel, status bar;
// the side bar width and panel height follow their sashes and are remembered.
import { useRef } from 'react'
import { EditorArea } from '../editor/EditorArea'
import { useLayout } from '../store/layout'
import { ActivityBar } from './ActivityBar'
import { BottomPanel } from './BottomPanel'
import { DEFAULT_LAYOUT, clampPanel, clampSidebar } from './layout-math'
import { Sash } from './Sash'
import { SideBar } from './SideBar'
import { StatusBar } from './StatusBar'

export function Workbench() {
  const sidebarVisible = useLayout((s) => s.sidebarVisible)
  const sidebarWidth = useLayout((s) => s.sidebarWidth)
  const panelVisible = useLayout((s) => s.panelVisible)
  const panelHeight = useLayout((s) => s.panelHeight)
  const set = useLayout((s) => s.set)
  const center = useRef<HTMLDivElement>(null)
  const startSize = useRef(0)

  return (
    <div className="kiln-workbench" data-testid="workbench">
      <div className="kiln-main">
        <ActivityBar />
        <SideBar visible={sidebarVisible} width={sidebarWidth} />
        {sidebarVisible && (
          <Sash
            axis="x"
            testId="sash-sidebar"
            onDragStart={() => (startSize.current = sidebarWidth)}
            onDrag={(d) => set({ sidebarWidth: clampSidebar(startSize.current + d, window.innerWidth) })}
            onReset={() => set({ sidebarWidth: DEFAULT_LAYOUT.sidebarWidth })}
          />
        )}
        <div className="kiln-center" ref={center}>
          <EditorArea />
          {panelVisible && (
            <Sash
              axis="y"
              testId="sash-panel"
              onDragStart={() => (startSize.current = panelHeight)}
              onDrag={(d) => set({ panelHeight: clampPanel(startSize.current - d, center.current?.clientHeight ?? window.innerHeight) })}
              onReset={() => set({ panelHeight: DEFAULT_LAYOUT.panelHeight })}
            />
          )}
          <BottomPanel visible={panelVisible} height={panelHeight} />
        </div>
      </div>
      <StatusBar />
    </div>
  )
}
