// Editors slice: groups and tabs (pure transitions in editor/groups.ts) and what the UI shows
// about each open file's buffer. The text itself lives in Monaco models (editor/models.ts).
import { create } from 'zustand'
import type { FileContent } from '../../src-preload/contract'
import { emptyGroups, type Groups } from '../editor/groups'

export type Conflict = null | 'changed' | 'deleted'

export interface BufferMeta {
  path: string
  status: 'loading' | 'ready'
  readOnly: FileContent['readOnly']
  /** mtime of the disk version this buffer is based on; null when the file is not on disk. */
  mtimeMs: number | null
  dirty: boolean
  conflict: Conflict
  saving: boolean
}

/** The active editor's cursor and model facts, for the status bar. */
export interface ActiveInfo {
  line: number
  column: number
  selected: number
  language: string
  eol: string
  insertSpaces: boolean
  tabSize: number
}

interface EditorsState {
  groups: Groups
  buffers: Record<string, BufferMeta>
  active: ActiveInfo | null
  /** One-shot: focus (and maybe reveal a line in) the editor of a group once its model is shown. */
  focusRequest: { groupId: number; path: string; line?: number; column?: number; token: number } | null
  setGroups(f: (g: Groups) => Groups): void
  patchBuffer(path: string, patch: Partial<BufferMeta>): void
}

export const useEditors = create<EditorsState>()((set) => ({
  groups: emptyGroups(),
  buffers: {},
  active: null,
  focusRequest: null,
  setGroups: (f) => set((s) => ({ groups: f(s.groups) })),
  patchBuffer: (path, patch) =>
    set((s) => {
      const b = s.buffers[path]
      if (!b) return s
      const changed = (Object.keys(patch) as (keyof BufferMeta)[]).some((k) => b[k] !== patch[k])
      return changed ? { buffers: { ...s.buffers, [path]: { ...b, ...patch } } } : s
    }),
}))

export const dirtyPaths = (): string[] =>
  Object.values(useEditors.getState().buffers)
    .filter((b) => b.dirty)
    .map((b) => b.path)
