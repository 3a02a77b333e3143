// `juliac:newProject`: a new Julia package from resources/templates/julia-app, ready to build:
// Project.toml with a fresh UUID, `src/NAME.jl` with its `(@main)(ARGS)`, tests, a build
// configuration (`dot-kiln/` -> `.kiln/`) and a README. `{{NAME}}`, `{{MODULE}}` and `{{UUID}}` are filled in; in Julia
// files (which must parse as they are) the module is spelled `KilnApp`. An existing folder is refused.
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KilnError } from '../../router'
import { resolveEntry } from '../workspace/confine'
import { fill } from './templates'

const PLACEHOLDER_MODULE = /\bKilnApp\b/g
const KEYWORDS = new Set(['baremodule', 'begin', 'break', 'catch', 'const', 'continue', 'do', 'else', 'elseif', 'end', 'export', 'false', 'finally', 'for', 'function', 'global', 'if', 'import', 'let', 'local', 'macro', 'module', 'quote', 'return', 'struct', 'true', 'try', 'using', 'while'])

/** A Julia module name for a project name: `my-app` -> `my_app`; never a keyword. */
export function moduleNameFor(name: string): string {
  const m = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z_]/, '_')
  return KEYWORDS.has(m) ? `${m}App` : m
}

async function copyTree(from: string, to: string, values: Record<string, string>): Promise<void> {
  await mkdir(to, { recursive: true })
  for (const e of await readdir(from, { withFileTypes: true })) {
    // Dot folders are stored as `dot-NAME`, so that no packager drops them as hidden files.
    const name = e.name.replace(/^dot-/, '.').replace(PLACEHOLDER_MODULE, values.MODULE!)
    if (e.isDirectory()) await copyTree(join(from, e.name), join(to, name), values)
    else if (e.isFile()) {
      let text = await readFile(join(from, e.name), 'utf8')
      text = e.name.endsWith('.jl') ? text.replace(PLACEHOLDER_MODULE, values.MODULE!) : fill(text, values)
      await writeFile(join(to, name), text, { flag: 'wx' })
    }
  }
}

/** Creates `folder/name` inside the workspace; resolves with its workspace-relative path. */
export async function newProject(root: string, folder: string, name: string, templatesDir: string): Promise<{ path: string }> {
  const rel = folder === '' ? name : `${folder.replace(/\/+$/, '')}/${name}`
  const target = await resolveEntry(root, rel)
  if (await stat(target).then(() => true, () => false)) throw new KilnError('EXISTS', `${rel} already exists: choose another name or folder`)
  const values = { NAME: name, MODULE: moduleNameFor(name), UUID: randomUUID() }
  try {
    await copyTree(join(templatesDir, 'julia-app'), target, values)
  } catch (e) {
    await rm(target, { recursive: true, force: true })
    throw e
  }
  return { path: rel }
}
