// What a build depends on, hashed, so an unchanged build can be skipped: the Julia sources and
// TOML files under the entry (a package folder) or beside it (a script), and under the project;
// Project.toml/Manifest.toml; the command line; the juliac and Julia versions.
// Outputs (build/, dist/, the bundle folder), .git and .kiln are never inputs.
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'

const SKIP_DIRS = new Set(['.git', '.kiln', 'build', 'dist', 'node_modules', '.github'])
const MAX_FILES = 20_000
const isSource = (name: string): boolean => name.endsWith('.jl') || name.endsWith('.toml')

async function collect(dir: string, skip: Set<string>, out: Set<string>): Promise<void> {
  if (out.size >= MAX_FILES || skip.has(dir)) return
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries) {
    const p = join(dir, e.name)
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await collect(p, skip, out)
    } else if (e.isFile() && isSource(e.name)) out.add(p)
  }
}

export type InputSpec = {
  root: string
  /** Absolute entry (file or folder), project folder (or null) and output folder. */
  entry: string
  project: string | null
  outputDir: string
  args: readonly string[]
  juliacVersion: string | null
  juliaVersion: string | null
}

/** A hex digest of everything the build reads; equal digests mean the same output. */
export async function inputsHash(spec: InputSpec): Promise<string> {
  const files = new Set<string>()
  const skip = new Set([spec.outputDir])
  const entryIsDir = (await stat(spec.entry).catch(() => null))?.isDirectory() ?? false
  if (entryIsDir) await collect(spec.entry, skip, files)
  else {
    files.add(spec.entry)
    await collect(dirname(spec.entry), skip, files)
  }
  if (spec.project) await collect(spec.project, skip, files)
  const h = createHash('sha256')
  h.update(JSON.stringify({ args: spec.args, juliac: spec.juliacVersion, julia: spec.juliaVersion }))
  for (const file of [...files].sort()) {
    const data = await readFile(file).catch(() => null)
    h.update(`\0${relative(spec.root, file).split(sep).join('/')}\0`)
    h.update(data === null ? 'missing' : createHash('sha256').update(data).digest('hex'))
  }
  return h.digest('hex')
}
