import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src-main/lib/log'
import {
  activeEnvironment,
  checkEnvironment,
  environmentDir,
  EnvironmentChoices,
  ENVIRONMENTS_FILE,
  scanWorkspace,
  sharedEnvironments,
} from '../../src-main/services/julia/environments'
import { parseEnvironment, readEnvironment } from '../../src-main/services/julia/project-files'

const FIX = join(__dirname, 'fixtures')
const temps: string[] = []
const temp = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'kiln-env-'))
  temps.push(d)
  return d
}
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true })
})

describe('Project.toml and Manifest.toml', () => {
  it('reads a format-2 manifest: versions, sources, direct deps and the manifest Julia', async () => {
    const env = await readEnvironment(join(FIX, 'v2'), '1.12.1')
    expect(env).toMatchObject({ name: 'Orbits', version: '0.3.1', manifestJulia: '1.12.1', manifestMissing: false, projectFile: 'Project.toml' })
    const byName = Object.fromEntries(env.packages.map((p) => [p.name, p]))
    expect(byName.DataFrames).toMatchObject({ version: '1.7.0', direct: true, source: 'registry' })
    expect(byName.LinearAlgebra).toMatchObject({ version: '1.12.0', direct: true, source: 'stdlib' })
    expect(byName.LocalTools).toMatchObject({ direct: true, source: 'path' })
    expect(byName.Plots).toMatchObject({ version: '1.40.9', direct: true, source: 'git' })
    expect(byName.Compat).toMatchObject({ version: '4.16.0', direct: false, source: 'registry' })
    expect(byName.TOML).toMatchObject({ direct: false, source: 'stdlib' })
    // Direct dependencies first, then by name.
    expect(env.packages.slice(0, 5).every((p) => p.direct)).toBe(true)
    // Reactant is in [deps] but was never resolved into the Manifest.
    expect(byName.Reactant).toMatchObject({ version: null, direct: true })
    expect(env.problems).toEqual([expect.stringMatching(/^Reactant is in Project.toml \[deps\] but not in Manifest.toml/)])
  })

  it('reads an old format-1 manifest (top-level [[Name]] entries, no julia_version)', async () => {
    const env = await readEnvironment(join(FIX, 'v1'), '1.12.1')
    expect(env.manifestJulia).toBeNull()
    expect(env.problems).toEqual([])
    const byName = Object.fromEntries(env.packages.map((p) => [p.name, p]))
    expect(byName.JSON).toMatchObject({ version: '0.21.0', direct: true, source: 'registry' })
    expect(byName.Printf).toMatchObject({ version: null, direct: true, source: 'stdlib' })
    expect(byName.Parsers).toMatchObject({ direct: false })
    expect(env.packages).toHaveLength(4)
  })

  it('reports a TOML syntax error with its file and line, and still reads the manifest', async () => {
    const env = await readEnvironment(join(FIX, 'broken'), '1.12.1')
    expect(env.problems[0]).toMatch(/^Project.toml line 6: /)
    expect(env.name).toBeNull()
    expect(env.packages).toEqual([expect.objectContaining({ name: 'Foo', version: '1.0.0', direct: false })])
  })

  it('prefers JuliaManifest.toml over Manifest.toml, as Julia does', async () => {
    const env = await readEnvironment(join(FIX, 'juliamanifest'), '1.12.1')
    expect(env.manifestJulia).toBe('1.12.1')
    expect(env.packages[0]).toMatchObject({ name: 'Example', version: '0.5.5' })
  })

  it('prefers a manifest named for the running Julia version', async () => {
    const dir = await temp()
    await writeFile(join(dir, 'Project.toml'), '[deps]\nExample = "7876af07-990d-54b4-ab0e-23690620f79a"\n')
    const man = (v: string) => `julia_version = "${v}"\nmanifest_format = "2.0"\n[[deps.Example]]\nuuid = "7876af07-990d-54b4-ab0e-23690620f79a"\nversion = "${v}"\ngit-tree-sha1 = "aa"\n`
    await writeFile(join(dir, 'Manifest.toml'), man('1.10.0'))
    await writeFile(join(dir, 'Manifest-v1.12.toml'), man('1.12.0'))
    expect((await readEnvironment(dir, '1.12.1')).manifestJulia).toBe('1.12.0')
    expect((await readEnvironment(dir, '1.11.2')).manifestJulia).toBe('1.10.0')
  })

  it('marks a missing manifest, and lists the direct deps without versions', async () => {
    const dir = await temp()
    await writeFile(join(dir, 'Project.toml'), '[deps]\nExample = "7876af07-990d-54b4-ab0e-23690620f79a"\n')
    const env = await readEnvironment(dir, null)
    expect(env).toMatchObject({ manifestMissing: true, manifestJulia: null, problems: [] })
    expect(env.packages).toEqual([{ name: 'Example', uuid: '7876af07-990d-54b4-ab0e-23690620f79a', version: null, direct: true, source: 'registry' }])
  })

  it('never throws on nonsense: wrong types, binary junk, an empty folder', async () => {
    const inputs = ['deps = 3', 'manifest_format = "2.0"\ndeps = "x"', '\u0000\u0001garbage[[[', '[[deps.A]]\nuuid = 5\nversion = [1]\n']
    for (const text of inputs) {
      const r = parseEnvironment({ text, file: 'Project.toml' }, { text, file: 'Manifest.toml' })
      expect(r.problems.length + r.packages.length).toBeGreaterThanOrEqual(0)
    }
    expect(parseEnvironment(null, { text: 'manifest_format = "2.0"\ndeps = "x"', file: 'Manifest.toml' }).problems).toEqual(['Manifest.toml: [deps] is not a table'])
    const empty = await readEnvironment(await temp(), null)
    expect(empty.problems[0]).toMatch(/no Project.toml/)
  })

  it('notices a uuid that disagrees between Project and Manifest', () => {
    const r = parseEnvironment(
      { text: '[deps]\nA = "aaaaaaaa-0000-4000-8000-000000000000"\n', file: 'Project.toml' },
      { text: 'manifest_format = "2.0"\n[[deps.A]]\nuuid = "bbbbbbbb-0000-4000-8000-000000000000"\nversion = "1.0.0"\ngit-tree-sha1 = "x"\n', file: 'Manifest.toml' },
    )
    expect(r.problems).toEqual([expect.stringMatching(/A: Project.toml names uuid aaaaaaaa.* but Manifest.toml has bbbbbbbb/)])
  })
})

describe('environment lists and choices', () => {
  it('finds Project.toml folders, skipping node_modules, dot folders and what is too deep', async () => {
    const root = await temp()
    const project = async (rel: string) => {
      await mkdir(join(root, rel), { recursive: true })
      await writeFile(join(root, rel, 'Project.toml'), '')
    }
    await project('.')
    await project('docs')
    await project('test')
    await project('sub/inner')
    await project('node_modules/x')
    await project('.git/y')
    await project('a/b/c/d/e/too-deep')
    await mkdir(join(root, 'empty'))
    expect(await scanWorkspace(root)).toEqual(['', 'docs', 'test', 'sub/inner'])
  })

  it('lists the version shared env and those in the depot', async () => {
    const depot = await temp()
    await mkdir(join(depot, 'environments', 'v1.11'), { recursive: true })
    await mkdir(join(depot, 'environments', 'tools'), { recursive: true })
    const shared = await sharedEnvironments(depot, '@v1.12')
    expect(shared.map((e) => e.key)).toEqual(['@v1.12', '@tools', '@v1.11'])
    expect(shared[0]).toEqual({ key: '@v1.12', label: '@v1.12 (shared default)', kind: 'shared' })
  })

  it('resolves keys to folders and keeps workspace keys inside the workspace', async () => {
    const ctx = { root: '/w', depot: '/home/u/.julia', versionKey: '@v1.12' }
    expect(environmentDir('', ctx)).toBe('/w')
    expect(environmentDir('docs', ctx)).toBe('/w/docs')
    expect(environmentDir('@v1.12', ctx)).toBe('/home/u/.julia/environments/v1.12')
    expect(environmentDir('@v#.#', ctx)).toBe('/home/u/.julia/environments/v1.12')
    expect(() => environmentDir('../etc', ctx)).toThrow(/outside the workspace/)
    expect(() => environmentDir('@../../etc', ctx)).toThrow(/not a shared environment/)
    expect(() => environmentDir('docs', { ...ctx, root: null })).toThrow(/open a folder/)
    await expect(checkEnvironment('nope', { ...ctx, root: await temp() })).rejects.toThrow(/no Project.toml in nope/)
  })

  it('remembers the choice per workspace and falls back when the chosen folder lost its Project.toml', async () => {
    const userData = await temp()
    const root = await temp()
    const depot = join(userData, 'depot')
    const ctx = { root, depot, versionKey: '@v1.12' }
    const choices = new EnvironmentChoices(userData, silentLogger)
    expect(await activeEnvironment(choices, ctx)).toBe('@v1.12') // no Project.toml at the root
    await writeFile(join(root, 'Project.toml'), 'name = "W"\n')
    expect(await activeEnvironment(choices, ctx)).toBe('')
    await mkdir(join(root, 'docs'))
    await writeFile(join(root, 'docs', 'Project.toml'), '')
    await choices.set(root, 'docs')
    expect(await activeEnvironment(new EnvironmentChoices(userData, silentLogger), ctx)).toBe('docs')
    expect(JSON.parse(await readFile(join(userData, ENVIRONMENTS_FILE), 'utf8'))).toEqual({ [root]: 'docs' })
    await rm(join(root, 'docs', 'Project.toml'))
    expect(await activeEnvironment(choices, ctx)).toBe('')
  })

  it('survives a corrupt choices file', async () => {
    const userData = await temp()
    await writeFile(join(userData, ENVIRONMENTS_FILE), '{oops')
    const choices = new EnvironmentChoices(userData, silentLogger)
    expect(await choices.get('/w')).toBeNull()
    await choices.set('/w', '@v1.12')
    expect(await choices.get('/w')).toBe('@v1.12')
  })
})
