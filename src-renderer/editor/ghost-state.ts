// Whether ghost-text completion runs (the setting, and a model server that is ready) and the last
// completion's latency for the status bar ("⚡ 84 ms"; "⚡ on" before the first, "⚡ off"; hidden
// while no server is ready).
import { create } from 'zustand'
import type { AssistStatus, InferenceStatus } from '../../src-preload/contract'

type GhostState = { serverReady: boolean; lastMs: number | null }

export const useGhost = create<GhostState>()(() => ({ serverReady: false, lastMs: null }))

export const applyAssistStatus = (s: AssistStatus): void => useGhost.setState({ serverReady: s.serverReady, lastMs: s.lastCompletionMs ?? useGhost.getState().lastMs })
export const applyInferenceStatus = (s: InferenceStatus): void => useGhost.setState({ serverReady: s.state === 'ready' })
export const noteLatency = (ms: number): void => useGhost.setState({ lastMs: ms })

/** The status bar text: null (hidden) while no server is ready; "off" when the setting is off. */
export function ghostStatusText(enabled: boolean, s: GhostState): string | null {
  if (!s.serverReady) return null
  if (!enabled) return '⚡ off'
  return s.lastMs === null ? '⚡ on' : `⚡ ${s.lastMs} ms`
}
