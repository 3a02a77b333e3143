// How the embedded engine is started: Kiln's own runtime (`process.execPath`) running the engine
// bundle, out/main/engine.js, which sits beside the main bundle (or one folder up from a chunk).
// Under Electron, process.execPath is the Electron binary: ELECTRON_RUN_AS_NODE=1 makes it a
// plain Node, so the engine needs no Node of the user's. A native crash in llama.cpp then takes
// down only that child.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KilnError } from '../../router'

/** A program and its leading arguments; the engine's flags follow. `env` is added to the child's. */
export type EngineCommand = { file: string; args: string[]; env?: Record<string, string> }

export const ENGINE_BUNDLE = 'engine.js'

export function defaultEngineCommand(moduleFile = fileURLToPath(import.meta.url)): EngineCommand {
  const dir = dirname(moduleFile)
  const candidates = [join(dir, ENGINE_BUNDLE), join(dir, '..', ENGINE_BUNDLE)]
  const file = candidates.find((c) => existsSync(c))
  if (!file) {
    throw new KilnError(
      'NOT_FOUND',
      `Kiln's embedded engine is missing (looked for ${candidates.join(' and ')}): rebuild Kiln (npm run build), or set inference.llamaServerPath to a llama-server`,
    )
  }
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}
  return { file: process.execPath, args: [file], env }
}
