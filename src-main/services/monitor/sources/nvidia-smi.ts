// nvidia-smi's CSV with `--format=csv,noheader,nounits`: one line per GPU per interval, fields in
// the order asked for; a value the GPU does not report is "[N/A]" (or "[Not Supported]", or bare
// "N/A" for some fields), memory in MiB, power in W.

import { num, toBytes } from './units'
import { emptyToolGpu, type ToolGpu } from './types'

/** The query Kiln asks for; `parseNvidiaSmiLine` reads fields in this order. */
export const NVIDIA_QUERY = 'index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw'

export function nvidiaSmiArgs(intervalMs: number): string[] {
  return [`--query-gpu=${NVIDIA_QUERY}`, '--format=csv,noheader,nounits', `-lms`, String(Math.max(100, Math.round(intervalMs)))]
}

/** One CSV line, or null when it is not one (a message, a header, a blank line). */
export function parseNvidiaSmiLine(line: string): ToolGpu | null {
  const f = line.split(',').map((s) => s.trim())
  if (f.length < 7) return null
  // A name with a comma in it spreads over several fields: the five numbers are always last.
  const tail = f.slice(-5)
  const index = num(f[0])
  if (index === null || !Number.isInteger(index) || index < 0) return null
  const values = tail.map(num)
  // Every field after the name is a number or an N/A marker; anything else is not our CSV.
  if (tail.some((s, i) => values[i] === null && !/^\[?(N\/A|Not Supported|Unknown Error|GPU is lost)\]?$/i.test(s))) return null
  const [busy, used, total, temp, power] = values
  return {
    ...emptyToolGpu(index),
    name: f.slice(1, -5).join(', ') || null,
    busyPercent: busy ?? null,
    vramUsed: toBytes(used, 'MiB'),
    vramTotal: toBytes(total, 'MiB'),
    temperatureC: temp ?? null,
    powerW: power ?? null,
  }
}
