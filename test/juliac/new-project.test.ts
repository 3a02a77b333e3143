// New project from resources/templates/julia-app: names filled in, Julia files that parse, a build
// configuration that builds (with the double) into a program that runs; an existing folder refused.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readConfigs } from '../../src-main/services/juliac/configs'
import { moduleNameFor, newProject } from '../../src-main/services/juliac/new-project'
import { runBuild } from '../../src-main/services/juliac/outputs'
import { templatesDir } from '../../src-main/services/juliac/templates'
import { parseErrors } from '../../src-main/services/syntax/julia-parser'
import { makeService, tempDir } from './helpers'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))

describe('new project', () => {
  it('every template Julia file parses under tree-sitter-julia', async () => {
    const jl = files(await templatesDir()).filter((f) => f.endsWith('.jl'))
    expect(jl.length).toBeGreaterThanOrEqual(2)
    for (const f of jl) expect([relative(__dirname, f), await parseErrors(readFileSync(f, 'utf8'))]).toEqual([relative(__dirname, f), []])
  })

  it('creates the package with the name filled in, builds it and runs it', async () => {
    const root = tempDir()
    cleanups.push(() => rmSync(root, { recursive: true, force: true }))
    const made = await newProject(root, 'apps', 'hello-world', await templatesDir())
    expect(made.path).toBe('apps/hello-world')
    const dir = join(root, made.path)
    const toml = readFileSync(join(dir, 'Project.toml'), 'utf8')
    expect(toml).toMatch(/^name = "hello_world"$/m)
    expect(toml).toMatch(/^uuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/m)
    const src = readFileSync(join(dir, 'src', 'hello_world.jl'), 'utf8')
    expect(src).toMatch(/^module hello_world$/m)
    expect(src).toContain('function (@main)(ARGS)')
    expect(src).toContain('println(Core.stdout,')
    expect(await parseErrors(src)).toEqual([])
    expect(readFileSync(join(dir, 'test', 'runtests.jl'), 'utf8')).toContain('using hello_world')
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).not.toMatch(/\{\{|KilnApp/)
    const configs = await readConfigs(dir)
    expect(configs.problems).toEqual([])
    expect(configs.configs).toMatchObject([{ name: 'hello-world', entry: '.', output: 'exe', bundle: 'build/hello-world', trim: 'safe' }])

    const s = makeService(dir)
    cleanups.push(() => s.service.dispose())
    const r = await s.service.wait((await s.service.start(null)).buildId)
    expect(r).toMatchObject({ state: 'succeeded', artifact: 'build/hello-world/bin/hello-world' })
    const ran = await runBuild(dir, s.service.history(), r.id, { args: ['Kiln'], timeoutS: 10, memoryMb: 1024, network: false })
    expect(ran.exitCode).toBe(0)
    expect(ran.stdout).toMatch(/Hello from hello-world/)

    await expect(newProject(root, 'apps', 'hello-world', await templatesDir())).rejects.toMatchObject({ code: 'EXISTS' })
    await expect(newProject(root, '../out', 'x', await templatesDir())).rejects.toMatchObject({ code: 'OUTSIDE_WORKSPACE' })
    expect(existsSync(join(root, '..', 'out'))).toBe(false)
  })

  it('makes a module name Julia accepts', () => {
    expect(moduleNameFor('my.app-2')).toBe('my_app_2')
    expect(moduleNameFor('end')).toBe('endApp')
  })
})
