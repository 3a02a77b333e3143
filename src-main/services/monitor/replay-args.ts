// `--replay rocm-smi=FILE,amd-smi=FILE,nvidia-smi=FILE,sysfs=DIR,proc=DIR`: recorded tool output
// and recorded trees fed through the same parsers instead of the live machine.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ReplayOptions } from './sampler'

export class ReplayArgsError extends Error {}

const KEYS: Record<string, { option: keyof ReplayOptions; kind: 'file' | 'folder' }> = {
  'rocm-smi': { option: 'rocmSmi', kind: 'file' },
  'amd-smi': { option: 'amdSmi', kind: 'file' },
  'nvidia-smi': { option: 'nvidiaSmi', kind: 'file' },
  sysfs: { option: 'sysfs', kind: 'folder' },
  proc: { option: 'proc', kind: 'folder' },
}

/** Parses the spec, checking each path exists and is a file or folder as its key needs; paths are made absolute. */
export function parseReplay(spec: string, cwd = process.cwd()): ReplayOptions {
  const out: ReplayOptions = {}
  const parts = spec.split(',').filter((p) => p.trim() !== '')
  if (parts.length === 0) throw new ReplayArgsError(`--replay needs KEY=PATH pairs (keys: ${Object.keys(KEYS).join(', ')})`)
  for (const part of parts) {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    const path = eq < 0 ? '' : part.slice(eq + 1)
    const known = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined
    if (known === undefined) throw new ReplayArgsError(`--replay: unknown key '${key.slice(0, 40)}' (keys: ${Object.keys(KEYS).join(', ')})`)
    if (path === '') throw new ReplayArgsError(`--replay: ${key}= needs a ${known.kind}`)
    if (out[known.option] !== undefined) throw new ReplayArgsError(`--replay: ${key} given twice`)
    const abs = resolve(cwd, path)
    let isDir: boolean
    try {
      isDir = statSync(abs).isDirectory()
    } catch {
      throw new ReplayArgsError(`--replay: ${key}: no such ${known.kind}: ${path}`)
    }
    if (known.kind === 'folder' && !isDir) throw new ReplayArgsError(`--replay: ${key} needs a folder, and ${path} is a file`)
    if (known.kind === 'file' && isDir) throw new ReplayArgsError(`--replay: ${key} needs a file of recorded output, and ${path} is a folder`)
    out[known.option] = abs
  }
  return out
}
