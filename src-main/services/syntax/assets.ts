// Where the two WebAssembly files tree-sitter needs live, in every way Kiln runs:
//   packaged app   <resources>/tree-sitter/{tree-sitter.wasm,tree-sitter-julia.wasm}
//                  (electron-builder `extraResources`, outside the asar so any thread can read them)
//   dev and out/   node_modules/web-tree-sitter/tree-sitter.wasm and
//                  node_modules/tree-sitter-julia/tree-sitter-julia.wasm, found by module resolution
// `KILN_TREE_SITTER_DIR` (a folder holding both files) overrides all of them.
import { access } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'

export interface SyntaxAssets {
  /** web-tree-sitter's runtime (`tree-sitter.wasm`). */
  runtimeWasm: string
  /** The Julia grammar (`tree-sitter-julia.wasm`). */
  grammarWasm: string
}

export const RUNTIME_WASM = 'tree-sitter.wasm'
export const GRAMMAR_WASM = 'tree-sitter-julia.wasm'

const exists = (p: string): Promise<boolean> => access(p).then(
  () => true,
  () => false,
)

/** Electron's main process sets `process.resourcesPath`; plain Node does not. */
const resourcesPath = (): string | undefined => (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath

function fromNodeModules(spec: string): string | null {
  try {
    return createRequire(import.meta.url).resolve(spec)
  } catch {
    return null
  }
}

export async function resolveSyntaxAssets(env: NodeJS.ProcessEnv = process.env): Promise<SyntaxAssets> {
  const dirs = [env.KILN_TREE_SITTER_DIR, resourcesPath() && join(resourcesPath()!, 'tree-sitter')].filter(
    (d): d is string => typeof d === 'string' && d !== '',
  )
  const find = async (file: string, spec: string): Promise<string> => {
    const candidates = [...dirs.map((d) => join(d, file)), fromNodeModules(spec)].filter((p): p is string => p !== null)
    for (const p of candidates) if (await exists(p)) return p
    throw new Error(`cannot find ${file} (looked in: ${candidates.join(', ') || 'nowhere'})`)
  }
  const [runtimeWasm, grammarWasm] = await Promise.all([
    find(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`),
    find(GRAMMAR_WASM, `tree-sitter-julia/${GRAMMAR_WASM}`),
  ])
  return { runtimeWasm, grammarWasm }
}
