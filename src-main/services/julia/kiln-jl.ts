// Where resources/julia/kiln.jl (the Julia side of the side channel) is, in every way Kiln runs:
//   packaged app   <process.resourcesPath>/resources/julia/kiln.jl (electron-builder
//                  extraResources: a plain file julia can read, outside the asar)
//   built (out/)   <checkout>/resources/julia/kiln.jl, two or three folders above the bundle
//   source (tests) <checkout>/resources/julia/kiln.jl, three folders above this file
// So: process.resourcesPath first, then each folder above this module.
import { access } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const KILN_JL = join('resources', 'julia', 'kiln.jl')

const resourcesPath = (): string | undefined => (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath
const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false)

export function kilnJlCandidates(moduleFile: string, resources = resourcesPath()): string[] {
  const out: string[] = []
  if (resources) out.push(join(resources, KILN_JL))
  let dir = dirname(moduleFile)
  for (let i = 0; i < 6; i++) {
    out.push(join(dir, KILN_JL))
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return out
}

export async function findKilnJl(moduleFile = fileURLToPath(import.meta.url)): Promise<string> {
  const candidates = kilnJlCandidates(moduleFile)
  for (const p of candidates) if (await exists(p)) return p
  throw new Error(`cannot find ${KILN_JL} (looked in: ${candidates.join(', ')})`)
}
