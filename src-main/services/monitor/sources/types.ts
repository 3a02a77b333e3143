// What one GPU tool reports for one GPU, before the merge into MonitorGpu: its figures, as named
// there, and how the tool identifies the device.
import type { MonitorGpu } from '../../../../src-preload/contract'

export type ToolGpu = Pick<MonitorGpu, 'name' | 'busyPercent' | 'vramUsed' | 'vramTotal' | 'gttUsed' | 'gttTotal' | 'temperatureC' | 'powerW'> & {
  /** The tool's own device index (rocm-smi's `cardN`, amd-smi's `gpu`, nvidia-smi's `index`). */
  index: number
  /** PCI bus id (`0000:c5:00.0`) when the tool printed one. */
  busId: string | null
}

/** A parser's answer: the GPUs, or why the text is not what the tool should print. */
export type ParseResult = { gpus: ToolGpu[] } | { error: string }

export const emptyToolGpu = (index: number): ToolGpu => ({
  index,
  busId: null,
  name: null,
  busyPercent: null,
  vramUsed: null,
  vramTotal: null,
  gttUsed: null,
  gttTotal: null,
  temperatureC: null,
  powerW: null,
})

/** JSON.parse that also skips lines some tools print before the document (Python warnings, banners). */
export function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const start = text.search(/^[[{]/m)
    if (start <= 0) throw new Error('not JSON')
    return JSON.parse(text.slice(start))
  }
}

/** The first characters of some output, for a message. */
export const preview = (text: string): string => {
  const t = text.trim().replace(/\s+/g, ' ')
  return t.length > 60 ? `${t.slice(0, 60)}…` : t
}
