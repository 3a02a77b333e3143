// Finds and imports node-llama-cpp, installed in its own folder by scripts/install-engine.mjs:
//   $KILN_ENGINE_DIR when set (the supervisor may name it for a child that lacks resourcesPath)
//   packaged app   <process.resourcesPath>/engine
//   built / source <checkout>/engine, some folders above this module (out/main/cli.js or
//                  src-main/services/inference/engine/runtime.ts)
// It is ESM-only, so it is imported by file URL with a real dynamic import().
import { access } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { NodeLlamaCpp } from './nlc'

export const ENGINE_ENTRY = join('node_modules', 'node-llama-cpp', 'dist', 'index.js')
export const NOT_INSTALLED = 'the embedded engine is not installed: run `npm run install-engine`'

const resourcesPath = (): string | undefined => (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath
const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false)

/** The engine folders to try, best first. */
export function engineDirCandidates(moduleDir: string, resources = resourcesPath(), override = process.env.KILN_ENGINE_DIR): string[] {
  const out: string[] = []
  if (override) out.push(override)
  if (resources) out.push(join(resources, 'engine'))
  let dir = moduleDir
  for (let i = 0; i < 7; i++) {
    out.push(join(dir, 'engine'))
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return out
}

export async function findEngineDir(moduleDir = __dirname): Promise<string> {
  for (const dir of engineDirCandidates(moduleDir)) if (await exists(join(dir, ENGINE_ENTRY))) return dir
  throw new Error(NOT_INSTALLED)
}

// Kept out of the bundler's sight: rolldown would otherwise try to resolve or rewrite the import.
const importUrl = new Function('url', 'return import(url)') as (url: string) => Promise<NodeLlamaCpp>

export async function loadNodeLlamaCpp(engineDir?: string): Promise<NodeLlamaCpp> {
  const dir = engineDir ?? (await findEngineDir())
  return importUrl(pathToFileURL(join(dir, ENGINE_ENTRY)).href)
}
