// `juliac:generate`: a GitHub Actions workflow (setup-julia 1.12, JuliaC installed as a Pkg app,
// the same juliac flags as Kiln's build, the program run once, the output uploaded) or a Dockerfile
// that runs the output on debian:bookworm-slim. Written from resources/templates; an existing file
// is never overwritten (the user may have edited it).
import { mkdir, readFile, stat } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import type { BuildConfig } from '../../../../src-preload/contract'
import { KilnError } from '../../../router'
import { writeFileAtomic } from '../../workspace/atomic'
import { juliacArgs, juliacEnv, shellLine, shellQuote } from '../command'
import { fill } from '../templates'

export const generatedPath = (kind: 'github' | 'docker', name: string): string =>
  kind === 'github' ? `.github/workflows/juliac-${name}.yml` : `Dockerfile.${name}`

const outputDirOf = (c: BuildConfig): string => c.bundle ?? `build/${c.name}`
const exeInOutput = (c: BuildConfig): string => (c.bundle !== null ? `bin/${c.name}` : c.name)

export async function renderGenerated(kind: 'github' | 'docker', config: BuildConfig, opts: { templatesDir: string; hasRootProject: boolean; entryIsDir: boolean }): Promise<string> {
  const template = await readFile(join(opts.templatesDir, kind === 'github' ? 'github-workflow.yml' : 'Dockerfile'), 'utf8')
  const out = outputDirOf(config)
  if (kind === 'docker') {
    return fill(template, { NAME: config.name, IMAGE: config.name.toLowerCase().replace(/[^a-z0-9_.-]/g, '-'), OUTPUT_DIR: out, EXE: exeInOutput(config) })
  }
  // juliac runs where its bare --output-exe name should land: the workspace root with --bundle,
  // else build/NAME (as Kiln runs it); paths are relative to that folder.
  const work = config.bundle !== null ? '.' : `build/${config.name}`
  const rel = (p: string): string => posix.relative(work, p) || '.'
  // A package-folder entry is its own project (JuliaC refuses --project beside it).
  const project = opts.entryIsDir ? null : (config.project ?? (opts.hasRootProject ? '.' : null))
  const args = juliacArgs(config, { entry: rel(config.entry), project: project === null ? null : rel(project), bundle: config.bundle === null ? null : rel(config.bundle) })
  const instantiate =
    project === null
      ? ''
      : `      - name: Instantiate\n        run: julia --project=${shellQuote(project)} -e 'using Pkg; Pkg.instantiate()'\n`
  const run = config.output === 'exe' ? `./${shellQuote(`${out}/${exeInOutput(config)}`)}` : `ls -lR ${shellQuote(out)}`
  return fill(template, { NAME: config.name, OUTPUT_DIR: shellQuote(out), WORK_DIR: shellQuote(work), BUILD_COMMAND: `${Object.entries(juliacEnv(config)).map(([k, v]) => `${k}=${shellQuote(v)} `).join('')}juliac ${shellLine(args)}`, RUN_COMMAND: run, INSTANTIATE: instantiate })
}

/** Writes the file into the workspace; EXISTS when it is already there. */
export async function generateFile(kind: 'github' | 'docker', root: string, config: BuildConfig, templatesDir: string): Promise<{ path: string }> {
  const rel = generatedPath(kind, config.name)
  const abs = join(root, ...rel.split('/'))
  if (await stat(abs).then(() => true, () => false)) throw new KilnError('EXISTS', `${rel} already exists: delete or rename it to generate it again`)
  const hasRootProject = await stat(join(root, 'Project.toml')).then(() => true, () => false)
  const entryIsDir = await stat(join(root, config.entry)).then((s) => s.isDirectory(), () => false)
  const text = await renderGenerated(kind, config, { templatesDir, hasRootProject, entryIsDir })
  await mkdir(dirname(abs), { recursive: true })
  await writeFileAtomic(abs, text)
  return { path: rel }
}
