// Layout slice: side bar, bottom panel and split sizes; remembered in localStorage.
import { create } from 'zustand'
import { parseLayout, type LayoutSizes, type SideView } from '../workbench/layout-math'

const KEY = 'kiln.layout'

const load = (): LayoutSizes => {
  try {
    return parseLayout(localStorage.getItem(KEY))
  } catch {
    return parseLayout(null)
  }
}

interface LayoutActions {
  set(patch: Partial<LayoutSizes>): void
  /** Shows a side view; choosing the visible one again hides the side bar (VS Code's behaviour). */
  toggleView(view: SideView): void
  showView(view: SideView): void
}

export const useLayout = create<LayoutSizes & LayoutActions>()((set, get) => ({
  ...load(),
  set: (patch) => set(patch),
  toggleView: (view) => {
    const s = get()
    if (s.sidebarVisible && s.sideView === view) set({ sidebarVisible: false })
    else set({ sidebarVisible: true, sideView: view })
  },
  showView: (view) => set({ sidebarVisible: true, sideView: view }),
}))

let timer: ReturnType<typeof setTimeout> | undefined
useLayout.subscribe((s) => {
  // Dragging a sash changes sizes every frame: write once it settles.
  clearTimeout(timer)
  timer = setTimeout(() => {
    const { sidebarVisible, sidebarWidth, sideView, panelVisible, panelHeight, splitRatio } = s
    try {
      localStorage.setItem(KEY, JSON.stringify({ sidebarVisible, sidebarWidth, sideView, panelVisible, panelHeight, splitRatio }))
    } catch {
      // Storage full or disabled: sizes are a convenience.
    }
  }, 200)
})
