// Monaco loads once, eagerly but off the first paint: main.tsx starts the import right after
// rendering, and components subscribe to know when it is there.
import { useSyncExternalStore } from 'react'
import type { Monaco } from './monaco'

let instance: Monaco | null = null
let promise: Promise<Monaco> | null = null
const listeners = new Set<() => void>()

export function loadMonaco(): Promise<Monaco> {
  const started = performance.now()
  promise ??= import('./monaco').then((m) => {
    instance = m.monaco
    console.info(`[kiln] Monaco loaded at ${performance.now().toFixed(0)} ms (import took ${(performance.now() - started).toFixed(0)} ms)`)
    for (const l of listeners) l()
    return m.monaco
  })
  return promise
}

/** Monaco if it has loaded, else null. */
export const getMonaco = (): Monaco | null => instance

export function useMonaco(): Monaco | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => instance,
  )
}
