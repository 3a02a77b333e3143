// Remembers the main window's size, position and maximized state in the user data folder.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Rect } from './types'

export interface WindowState {
  bounds: Rect
  maximized: boolean
}

export const DEFAULT_SIZE = { width: 1280, height: 820 }
const MIN = { width: 640, height: 400 }

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The saved state, or null when missing or malformed (a bad file just means default bounds). */
export const readWindowState = (file: string): WindowState | null => {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { bounds?: Partial<Rect>; maximized?: unknown }
    const b = data.bounds ?? {}
    if (!isFiniteNumber(b.x) || !isFiniteNumber(b.y) || !isFiniteNumber(b.width) || !isFiniteNumber(b.height)) return null
    return {
      bounds: { x: b.x, y: b.y, width: Math.max(MIN.width, b.width), height: Math.max(MIN.height, b.height) },
      maximized: data.maximized === true,
    }
  } catch {
    return null
  }
}

/**
 * Written synchronously on purpose: it runs from the window's close handler, and the process may
 * exit right after; the file is tiny. Temp file + rename so a crash never leaves half a file.
 */
export const writeWindowState = (file: string, state: WindowState): void => {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state))
  renameSync(tmp, file)
}

const intersects = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** Keeps a saved position only if some display still shows the window (a monitor may be gone). */
export const placeOnScreen = (state: WindowState | null, displays: Rect[]): Partial<Rect> & typeof DEFAULT_SIZE => {
  if (!state) return { ...DEFAULT_SIZE }
  const { x, y, width, height } = state.bounds
  return displays.some((d) => intersects(d, state.bounds)) ? { x, y, width, height } : { width, height }
}
