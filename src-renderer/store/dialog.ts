// Dialog slice: one modal question at a time (save before closing, confirm delete). `ask` resolves
// with the chosen button's action, or the cancel action on Escape.
import { create } from 'zustand'

export interface DialogButton {
  action: string
  label: string
  primary?: boolean
}

export interface DialogRequest {
  title: string
  message?: string
  buttons: DialogButton[]
  /** Returned on Escape or a click outside. */
  cancelAction: string
}

interface DialogState {
  current: (DialogRequest & { resolve(action: string): void }) | null
  queue: (DialogRequest & { resolve(action: string): void })[]
  answer(action: string): void
}

export const useDialog = create<DialogState>()((set, get) => ({
  current: null,
  queue: [],
  answer: (action) => {
    const { current, queue } = get()
    if (!current) return
    set({ current: queue[0] ?? null, queue: queue.slice(1) })
    current.resolve(action)
  },
}))

export function ask(request: DialogRequest): Promise<string> {
  return new Promise((resolve) => {
    const entry = { ...request, resolve }
    const { current, queue } = useDialog.getState()
    if (current) useDialog.setState({ queue: [...queue, entry] })
    else useDialog.setState({ current: entry })
  })
}

export const isDialogOpen = (): boolean => useDialog.getState().current !== null
