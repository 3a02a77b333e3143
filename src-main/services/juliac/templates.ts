// Where resources/templates is, however Kiln runs (as resources/julia/kiln.jl is found: the
// packaged app's resources folder first, then each folder above this module).
import { access } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KilnError } from '../../router'

const TEMPLATES = join('resources', 'templates')
const resourcesPath = (): string | undefined => (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath

export async function templatesDir(moduleFile = fileURLToPath(import.meta.url)): Promise<string> {
  const candidates: string[] = []
  const res = resourcesPath()
  if (res) candidates.push(join(res, TEMPLATES))
  let dir = dirname(moduleFile)
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, TEMPLATES))
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  for (const c of candidates) if (await access(join(c, 'julia-app')).then(() => true, () => false)) return c
  throw new KilnError('NOT_FOUND', `cannot find Kiln's ${TEMPLATES} (looked in: ${candidates.join(', ')})`)
}

/** `{{KEY}}` -> value; an unknown key is a bug in the template, so it fails loudly. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const v = values[key]
    if (v === undefined) throw new KilnError('INTERNAL', `template placeholder {{${key}}} has no value`)
    return v
  })
}
