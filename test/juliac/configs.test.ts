// `.kiln/builds.json`: every problem listed with its path, valid entries kept, nothing thrown,
// and a file that could not be parsed is never overwritten.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfigsText, readConfigs, saveConfigs, validateConfigs } from '../../src-main/services/juliac/configs'
import { config, tempDir } from './helpers'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const workspace = (text?: string): string => {
  const root = tempDir()
  dirs.push(root)
  if (text !== undefined) {
    mkdirSync(join(root, '.kiln'))
    writeFileSync(join(root, '.kiln', 'builds.json'), text)
  }
  return root
}

describe('build configurations', () => {
  it('fills defaults for a minimal configuration', () => {
    const r = validateConfigs([{ name: 'hello', entry: 'src/hello.jl' }])
    expect(r.problems).toEqual([])
    expect(r.configs[0]).toEqual({
      name: 'hello', entry: 'src/hello.jl', output: 'exe', bundle: null, trim: 'safe', experimental: false,
      compileCcallable: false, privatize: false, cpuTarget: null, project: null, extraArgs: [],
    })
  })

  it('lists each problem with its path and keeps the valid configurations', () => {
    const r = validateConfigs([
      { name: 'bin/app', entry: 'a.jl' },
      { name: 'ok', entry: 'b.jl', trim: 'agressive' },
      { name: 'noentry' },
      { name: 'good', entry: 'c.jl' },
      { name: 'good', entry: 'd.jl' },
      { name: 'escape', entry: '../outside.jl' },
    ])
    expect(r.configs.map((c) => c.name)).toEqual(['good'])
    const by = Object.fromEntries(r.problems.map((p) => [p.path, p.message]))
    expect(by['builds[0].name']).toMatch(/bare name, not a path/)
    expect(by['builds[1].trim']).toMatch(/no, safe, unsafe, unsafe-warn/)
    expect(by['builds[2].entry']).toBe('is required')
    expect(by['builds[4].name']).toMatch(/duplicate name "good" \(also builds\[3\]\)/)
    expect(by['builds[5].entry']).toMatch(/inside the workspace/)
  })

  it('reports a JSON syntax error with its line and column, without throwing', () => {
    const r = parseConfigsText('{\n  "builds": [\n    { "name": "a", }\n  ]\n}\n')
    expect(r.syntaxError).toBe(true)
    expect(r.problems[0]!.message).toMatch(/^not valid JSON: line 3, column \d+/)
  })

  it('treats a missing file as no configurations, and a non-list as a problem', async () => {
    expect(await readConfigs(workspace())).toMatchObject({ exists: false, configs: [], problems: [] })
    expect((await readConfigs(workspace('{"builds": {}}'))).problems).toEqual([{ path: 'builds', message: 'must be a list of build configurations' }])
  })

  it('saves atomically, keeps other keys, and refuses bad configurations', async () => {
    const root = workspace('{ "comment": "mine", "builds": [] }')
    const saved = await saveConfigs(root, [config()])
    expect(saved.configs).toHaveLength(1)
    const onDisk = JSON.parse(readFileSync(join(root, '.kiln', 'builds.json'), 'utf8'))
    expect(onDisk.comment).toBe('mine')
    expect(onDisk.builds[0].name).toBe('app')
    await expect(saveConfigs(root, [{ name: 'x/y', entry: 'a.jl' }])).rejects.toMatchObject({ code: 'INVALID_ARGS', message: expect.stringMatching(/builds\[0\]\.name/) })
    expect(JSON.parse(readFileSync(join(root, '.kiln', 'builds.json'), 'utf8')).builds[0].name).toBe('app')
  })

  it('never overwrites a file it could not parse', async () => {
    const broken = '{ "builds": [ { "name": "a" '
    const root = workspace(broken)
    await expect(saveConfigs(root, [config()])).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/line 1/) })
    expect(readFileSync(join(root, '.kiln', 'builds.json'), 'utf8')).toBe(broken)
  })
})

describe('JSON error positions', () => {
  it('points at the offending character for errors V8 gives no position for', () => {
    const r = parseConfigsText('{\n  "builds": [\n  }\n')
    expect(r.problems[0]!.message).toMatch(/^not valid JSON: line 3, column 3: Unexpected token/)
    expect(parseConfigsText('{ "builds": [] ').problems[0]!.message).toMatch(/line 1, column 16/)
    expect(parseConfigsText('{ "builds": [] } x').problems[0]!.message).toMatch(/line 1, column 18/)
  })
})
