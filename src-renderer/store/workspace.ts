// Workspace slice: the open folder and the explorer's lazily loaded tree.
import { create } from 'zustand'
import type { DirEntry, WorkspaceInfo } from '../../src-preload/contract'
import type { Children, Expanded, NewKind } from '../panels/explorer/tree'

/** The explorer's inline input: a new entry inside a folder, or renaming an entry. */
export type ExplorerEdit = { type: 'new'; dir: string; kind: NewKind } | { type: 'rename'; path: string } | null

interface WorkspaceState {
  info: WorkspaceInfo | null
  /** True until the first answer about the current workspace, so the welcome view does not flash. */
  starting: boolean
  children: Children
  expanded: Expanded
  loading: Record<string, boolean>
  selected: DirEntry | null
  edit: ExplorerEdit
  /** Bumped to scroll the selected row into view (reveal active file). */
  revealToken: number
  setEdit(edit: ExplorerEdit): void
  select(entry: DirEntry | null): void
}

export const useWorkspace = create<WorkspaceState>()((set) => ({
  info: null,
  starting: true,
  children: {},
  expanded: {},
  loading: {},
  selected: null,
  edit: null,
  revealToken: 0,
  setEdit: (edit) => set({ edit }),
  select: (selected) => set({ selected }),
}))

export const hasWorkspace = (): boolean => useWorkspace.getState().info !== null
