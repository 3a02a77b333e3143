// `rocm-smi --showuse --showmeminfo vram gtt --showtemp --showpower --json` prints one object per
// GPU keyed `cardN` (N is rocm-smi's device index, not the DRM card number), all values strings:
//   {"card0": {"Temperature (Sensor edge) (C)": "49.0", "Average Graphics Package Power (W)": "19.0",
//              "GPU use (%)": "0", "VRAM Total Memory (B)": "25753026560", ...}}       (henrygd/beszel#414)
// APUs and newer ROCm say "Current Socket Graphics Package Power (W)" instead (ROCm/rocm_smi_lib#149);
// older releases wrote the temperature unit as "(c)" (RainbowMiner/RainbowMiner#749).
import { num, toBytes } from './units'
import { emptyToolGpu, parseJsonLoose, preview, type ParseResult, type ToolGpu } from './types'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseRocmSmiJson(text: string): ParseResult {
  let doc: unknown
  try {
    doc = parseJsonLoose(text)
  } catch {
    return { error: `printed something that is not JSON: ${preview(text)}` }
  }
  if (!isRecord(doc)) return { error: 'printed JSON without any cardN entry' }
  const gpus: ToolGpu[] = []
  for (const [key, value] of Object.entries(doc)) {
    const m = /^card(\d+)$/.exec(key)
    if (!m || !isRecord(value)) continue
    gpus.push(fromCard(Number(m[1]), value))
  }
  if (gpus.length === 0) return { error: 'printed JSON without any cardN entry' }
  return { gpus: gpus.sort((a, b) => a.index - b.index) }
}

function fromCard(index: number, card: Record<string, unknown>): ToolGpu {
  // Keys compared case-insensitively: the spelling has drifted between releases.
  const byKey = new Map(Object.entries(card).map(([k, v]) => [k.toLowerCase(), v]))
  const get = (...keys: string[]): unknown => keys.map((k) => byKey.get(k.toLowerCase())).find((v) => v !== undefined && num(v) !== null)
  const str = (...keys: string[]): string | null => {
    const v = keys.map((k) => byKey.get(k.toLowerCase())).find((x) => typeof x === 'string' && x.trim() !== '' && x !== 'N/A')
    return typeof v === 'string' ? v.trim() : null
  }
  const bytes = (key: string): number | null => toBytes(get(key), 'B')
  return {
    ...emptyToolGpu(index),
    busId: str('PCI Bus')?.toLowerCase() ?? null,
    name: str('Card Series', 'Device Name', 'Card Model'),
    busyPercent: num(get('GPU use (%)')),
    vramUsed: bytes('VRAM Total Used Memory (B)'),
    vramTotal: bytes('VRAM Total Memory (B)'),
    gttUsed: bytes('GTT Total Used Memory (B)'),
    gttTotal: bytes('GTT Total Memory (B)'),
    temperatureC: num(get('Temperature (Sensor edge) (C)', 'Temperature (Sensor junction) (C)')),
    powerW: num(get('Average Graphics Package Power (W)', 'Current Socket Graphics Package Power (W)')),
  }
}
