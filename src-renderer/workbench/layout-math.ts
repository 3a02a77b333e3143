// Sizes of the resizable parts of the workbench: limits, and parsing what localStorage remembered.
// Pure so the rules are tested without a DOM.

export type SideView = 'explorer' | 'search' | 'outline' | 'julia' | 'builds' | 'models' | 'chat'
export const SIDE_VIEWS: readonly SideView[] = ['explorer', 'search', 'outline', 'julia', 'builds', 'models', 'chat']

export interface LayoutSizes {
  sidebarVisible: boolean
  sidebarWidth: number
  sideView: SideView
  panelVisible: boolean
  panelHeight: number
  /** Width share of the first editor group when split, 0..1. */
  splitRatio: number
}

export const DEFAULT_LAYOUT: LayoutSizes = {
  sidebarVisible: true,
  sidebarWidth: 260,
  sideView: 'explorer',
  panelVisible: true,
  panelHeight: 240,
  splitRatio: 0.5,
}

export const MIN_SIDEBAR = 170
export const MIN_EDITOR_WIDTH = 300
export const MIN_PANEL = 80
export const MIN_EDITOR_HEIGHT = 120
export const MIN_RATIO = 0.15

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v))

/** The side bar never gets narrower than MIN_SIDEBAR nor leaves the editor less than MIN_EDITOR_WIDTH. */
export const clampSidebar = (width: number, windowWidth: number): number =>
  Math.round(clamp(width, MIN_SIDEBAR, Math.max(MIN_SIDEBAR, windowWidth - MIN_EDITOR_WIDTH)))

/** `available` is the height shared by the editor area and the panel. */
export const clampPanel = (height: number, available: number): number =>
  Math.round(clamp(height, MIN_PANEL, Math.max(MIN_PANEL, available - MIN_EDITOR_HEIGHT)))

export const clampRatio = (ratio: number): number => clamp(Number.isFinite(ratio) ? ratio : 0.5, MIN_RATIO, 1 - MIN_RATIO)

/** Reads remembered sizes, keeping the default for anything missing or of the wrong type. */
export function parseLayout(raw: string | null): LayoutSizes {
  let value: unknown
  try {
    value = raw === null ? null : JSON.parse(raw)
  } catch {
    value = null
  }
  if (typeof value !== 'object' || value === null) return { ...DEFAULT_LAYOUT }
  const v = value as Record<string, unknown>
  const num = (k: keyof LayoutSizes, d: number): number => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : d)
  const bool = (k: keyof LayoutSizes, d: boolean): boolean => (typeof v[k] === 'boolean' ? (v[k] as boolean) : d)
  const view = SIDE_VIEWS.includes(v.sideView as SideView) ? (v.sideView as SideView) : DEFAULT_LAYOUT.sideView
  return {
    sidebarVisible: bool('sidebarVisible', DEFAULT_LAYOUT.sidebarVisible),
    sidebarWidth: Math.max(MIN_SIDEBAR, num('sidebarWidth', DEFAULT_LAYOUT.sidebarWidth)),
    sideView: view,
    panelVisible: bool('panelVisible', DEFAULT_LAYOUT.panelVisible),
    panelHeight: Math.max(MIN_PANEL, num('panelHeight', DEFAULT_LAYOUT.panelHeight)),
    splitRatio: clampRatio(num('splitRatio', DEFAULT_LAYOUT.splitRatio)),
  }
}
