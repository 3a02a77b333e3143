// The embedded inference engine: node-llama-cpp in Kiln's engine/ folder, with the prebuilt
// backends scripts/install-engine.mjs chose for this machine (engine/backends.json).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DoctorProbe } from '../../../src-preload/contract'
import { findEngineDir } from '../inference/engine/runtime'
import { found, missing } from './context'

const ENGINE = { id: 'engine', label: 'Embedded engine (node-llama-cpp)' }
export const ENGINE_FIX = 'npm run install-engine (in Kiln’s folder; KILN_ENGINE_GPU=vulkan or cuda to add a GPU backend)'

const readJson = async (p: string): Promise<Record<string, unknown> | null> =>
  readFile(p, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => null)

export async function probeEngine(find: () => Promise<string> = () => findEngineDir()): Promise<DoctorProbe> {
  let dir: string
  try {
    dir = await find()
  } catch (e) {
    return missing(ENGINE, e instanceof Error ? e.message : String(e), ENGINE_FIX)
  }
  const pkg = await readJson(join(dir, 'node_modules', 'node-llama-cpp', 'package.json'))
  const version = typeof pkg?.version === 'string' ? pkg.version : null
  const chosen = await readJson(join(dir, 'backends.json'))
  const packages = Array.isArray(chosen?.packages) ? chosen.packages.filter((p): p is string => typeof p === 'string') : []
  const backends = packages.length ? packages.map((p) => p.replace('@node-llama-cpp/', '')).join(', ') : 'unknown (no backends.json)'
  return found(ENGINE, `node-llama-cpp ${version ?? '?'} in ${dir}; prebuilt backends: ${backends}`, { version: version ?? undefined, path: dir })
}
