// Settings slice: the validated snapshot from main, kept live by 'settings:changed'.
import { create } from 'zustand'
import type { SettingsSnapshot } from '../../src-preload/contract'

interface SettingsState {
  snapshot: SettingsSnapshot | null
  values: Record<string, string | number | boolean>
  setSnapshot(s: SettingsSnapshot): void
}

export const useSettings = create<SettingsState>()((set) => ({
  snapshot: null,
  values: {},
  setSnapshot: (snapshot) => set({ snapshot, values: snapshot.values }),
}))
