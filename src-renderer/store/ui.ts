// UI slice: which overlay is open, and one-shot requests to views (focus the search input).
import { create } from 'zustand'
import type { ThemeKind } from '../workbench/format'

export type Overlay = 'palette' | 'quickOpen' | 'openFolder' | null

interface UiState {
  overlay: Overlay
  /** Bumped to focus the search view's input (SearchView's focusToken prop). */
  searchFocus: number
  theme: ThemeKind
  /** Browser host: whether the WebSocket is up. Always true under Electron. */
  connected: boolean
  setOverlay(o: Overlay): void
}

export const useUi = create<UiState>()((set) => ({
  overlay: null,
  searchFocus: 0,
  theme: 'dark',
  connected: true,
  setOverlay: (overlay) => set({ overlay }),
}))
