// Outline slice: the latest syntax report per open Julia file.
import { create } from 'zustand'
import type { OutlineSymbol } from '../../src-preload/contract'

export interface FileSyntax {
  outline: OutlineSymbol[]
  errors: number
  parseMs: number
}

interface OutlineState {
  files: Record<string, FileSyntax>
  setFile(path: string, s: FileSyntax | null): void
}

export const useOutline = create<OutlineState>()((set) => ({
  files: {},
  setFile: (path, s) =>
    set((st) => {
      const files = { ...st.files }
      if (s) files[path] = s
      else delete files[path]
      return { files }
    }),
}))
