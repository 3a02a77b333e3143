// How to start the syntax worker, from source or from the build.
//
// Built (electron-vite): this module is bundled into out/main/ (or a chunk below it) and the
// worker is its own entry, out/main/syntax-worker.js: look beside this file, then one folder up.
// In a packaged app both sit in app.asar, which Electron's worker threads can read.
// From source (vitest, `node --import tsx`): this file is a .ts file, so start worker.ts itself
// under tsx's CommonJS hook (`--require <tsx/cjs>`). Not `--import tsx`: on Node 20 the ESM
// hooks that flag installs do not reach a worker's entry file ("Unknown file extension .ts").
// The .ts extension of this very module is what tells the two cases apart; no flag needed.
import { access } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { WorkerInit } from './protocol'

export type WorkerEntry = { file: string; execArgv: string[] }
export const BUILT_WORKER = 'syntax-worker.js'

export async function findWorkerEntry(moduleFile = fileURLToPath(import.meta.url)): Promise<WorkerEntry> {
  const dir = dirname(moduleFile)
  if (moduleFile.endsWith('.ts')) {
    const tsxHook = createRequire(moduleFile).resolve('tsx/cjs') // absolute: the worker's cwd may differ
    return { file: join(dir, 'worker.ts'), execArgv: ['--require', tsxHook] }
  }
  const candidates = [join(dir, BUILT_WORKER), join(dir, '..', BUILT_WORKER)]
  for (const file of candidates) {
    if (await access(file).then(() => true, () => false)) return { file, execArgv: [] }
  }
  throw new Error(`cannot find the syntax worker (looked for ${candidates.join(', ')})`)
}

export function startWorker(entry: WorkerEntry, init: WorkerInit): Worker {
  return new Worker(entry.file, { workerData: init, execArgv: entry.execArgv })
}
