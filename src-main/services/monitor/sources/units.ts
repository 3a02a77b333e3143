// Unit conversions for what GPU tools print. Kiln's samples carry bytes, percent, °C and W.

const BYTE_FACTORS: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  // amd-smi's "MB" is bytes >> 20 (a 16 GiB card reads 16368 MB), and the kernel's "kB" is 1024:
  // every memory unit these tools print is binary, whatever its spelling.
  kb: 2 ** 10,
  kib: 2 ** 10,
  mb: 2 ** 20,
  mib: 2 ** 20,
  gb: 2 ** 30,
  gib: 2 ** 30,
  tb: 2 ** 40,
  tib: 2 ** 40,
}

const WATT_FACTORS: Record<string, number> = { w: 1, mw: 1e-3, uw: 1e-6, µw: 1e-6, kw: 1e3 }

/** "N/A", "[N/A]", "[Not Supported]", "", or anything that is not a finite number: null. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v !== 'string') return null
  const t = v.trim()
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

/** A size in `unit` as bytes; null for an unknown unit or no number. */
export function toBytes(value: unknown, unit: string): number | null {
  const n = num(value)
  const f = BYTE_FACTORS[unit.trim().toLowerCase()]
  return n === null || f === undefined ? null : Math.round(n * f)
}

export function toWatts(value: unknown, unit: string): number | null {
  const n = num(value)
  const f = WATT_FACTORS[unit.trim().toLowerCase()]
  return n === null || f === undefined ? null : n * f
}
