// `amd-smi metric --json`, in both shapes it has had:
// - ROCm 6.0–6.3: a top-level array, one object per GPU: {"gpu": 0, "usage": {"gfx_activity":
//   {"value": 1, "unit": "%"}}, "power": {"socket_power": {"value": 6, "unit": "W"}},
//   "temperature": {"edge": {...}}, "mem_usage": {"total_vram": {"value": 8176, "unit": "MB"}, ...}}
//   (luckylinux/supermicro-fan-control GPU_NOTES.md); watch mode adds "timestamp" (ROCm/rocm-systems#2720);
// - newer: the same entries wrapped in {"gpu_data": [...]} (nathaninline/ajean#39).
// Any leaf may be "N/A" (whole sections too: "usage": "N/A" on an APU), and some builds print bare
// numbers instead of {value, unit}: then memory is in MB and power in W, amd-smi's defaults.
import { num, toBytes, toWatts } from './units'
import { emptyToolGpu, parseJsonLoose, preview, type ParseResult, type ToolGpu } from './types'

type Json = unknown
const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)
const at = (v: Json, ...path: string[]): Json => path.reduce<Json>((o, k) => (isRecord(o) ? o[k] : undefined), v)

/** A leaf as [value, unit]: {value, unit}, or a bare number with the default unit. */
const leaf = (v: Json, defaultUnit: string): [Json, string] =>
  isRecord(v) ? [v.value, typeof v.unit === 'string' ? v.unit : defaultUnit] : [v, defaultUnit]

const bytes = (v: Json): number | null => toBytes(...leaf(v, 'MB'))
const watts = (v: Json): number | null => toWatts(...leaf(v, 'W'))
const plain = (v: Json): number | null => num(leaf(v, '')[0])

export function parseAmdSmiMetric(text: string): ParseResult {
  let doc: Json
  try {
    doc = parseJsonLoose(text)
  } catch {
    return { error: `printed something that is not JSON: ${preview(text)}` }
  }
  const list = Array.isArray(doc) ? doc : at(doc, 'gpu_data')
  if (!Array.isArray(list)) return { error: 'printed JSON without a GPU list' }
  const gpus: ToolGpu[] = []
  list.forEach((entry: Json, i: number) => {
    if (!isRecord(entry)) return
    const index = num(entry.gpu) ?? i
    const mem = (k: string): number | null => bytes(at(entry, 'mem_usage', k))
    const t = at(entry, 'temperature')
    gpus.push({
      ...emptyToolGpu(index),
      busyPercent: plain(at(entry, 'usage', 'gfx_activity')),
      vramUsed: mem('used_vram'),
      vramTotal: mem('total_vram'),
      gttUsed: mem('used_gtt'),
      gttTotal: mem('total_gtt'),
      // edge is what rocm-smi and sysfs's temp1 report; hotspot where a card has no edge sensor.
      temperatureC: plain(at(t, 'edge')) ?? plain(at(t, 'hotspot')),
      powerW: watts(at(entry, 'power', 'socket_power')),
    })
  })
  if (gpus.length === 0) return { error: 'printed JSON with no GPU in it' }
  return { gpus: gpus.sort((a, b) => a.index - b.index) }
}
