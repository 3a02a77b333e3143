// Notifications slice: the toasts at the bottom right.
import { create } from 'zustand'

export type NoticeKind = 'info' | 'warning' | 'error'

export interface NotificationAction {
  label: string
  run(): void
}

export interface Notification {
  id: number
  kind: NoticeKind
  message: string
  actions: NotificationAction[]
}

interface NotificationsState {
  items: Notification[]
  push(kind: NoticeKind, message: string, actions?: NotificationAction[]): number
  dismiss(id: number): void
}

/** Information goes away by itself; warnings and errors stay until dismissed. */
export const INFO_TIMEOUT_MS = 6000
const MAX_VISIBLE = 5

let nextId = 1

export const useNotifications = create<NotificationsState>()((set, get) => ({
  items: [],
  push: (kind, message, actions = []) => {
    const id = nextId++
    // The same message again (a retried save) replaces the old toast rather than stacking.
    const rest = get().items.filter((n) => n.message !== message)
    set({ items: [...rest, { id, kind, message, actions }].slice(-MAX_VISIBLE) })
    if (kind === 'info') setTimeout(() => get().dismiss(id), INFO_TIMEOUT_MS)
    return id
  },
  dismiss: (id) => set((s) => ({ items: s.items.filter((n) => n.id !== id) })),
}))

export const notify = (kind: NoticeKind, message: string, actions?: NotificationAction[]): number =>
  useNotifications.getState().push(kind, message, actions)
