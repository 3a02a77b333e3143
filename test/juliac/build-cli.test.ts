// `kiln build`: exit 0 built (or unchanged), 1 the build failed, 2 bad input; the log on stderr,
// the summary (or JSON) on stdout.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildCommand } from '../../src-main/cli/build'
import { DOUBLE, doubleEnv, makeWorkspace, tempDir } from './helpers'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

const userDataOf = new Map<string, string>()
async function kilnBuild(root: string, argv: string[], scenario?: string) {
  let userData = userDataOf.get(root)
  if (!userData) {
    userDataOf.set(root, (userData = tempDir('kiln-ud-')))
    cleanups.push(() => rmSync(userData!, { recursive: true, force: true }))
  }
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ 'juliac.executablePath': DOUBLE }))
  const out = { stdout: '', stderr: '' }
  const env = { ...doubleEnv(scenario ? { KILN_JULIAC_SCENARIO: scenario } : {}), KILN_USER_DATA: userData }
  const code = await buildCommand(argv, { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s) }, { env, cwd: root, onInterrupt: () => () => {}, service: { graceMs: 200, retryDelayMs: 10 } })
  return { code, ...out }
}

describe('kiln build', () => {
  it('builds the first configuration: exit 0, log on stderr, summary on stdout; then skips', async () => {
    const root = makeWorkspace()
    cleanups.push(() => rmSync(root, { recursive: true, force: true }))
    const first = await kilnBuild(root, [])
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/Compiling/)
    expect(first.stdout).toMatch(/^app: succeeded/)
    expect(first.stdout).toMatch(/artifact\s+build\/app\/bin\/app/)
    const again = await kilnBuild(root, ['app', '--json'])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ config: 'app', state: 'skipped' })
  })

  it('exits 1 when the build fails, with the diagnostics in the summary', async () => {
    const root = makeWorkspace()
    cleanups.push(() => rmSync(root, { recursive: true, force: true }))
    const r = await kilnBuild(root, ['app'], 'verifier-errors')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/app: failed — trim verification found/)
    expect(r.stdout).toMatch(/error #1: unresolved/)
    expect(r.stdout).toMatch(/unsafe-warn/)
  })

  it('exits 2 on bad input: unknown name, broken file, unknown option', async () => {
    const root = makeWorkspace()
    cleanups.push(() => rmSync(root, { recursive: true, force: true }))
    expect(await kilnBuild(root, ['nope'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no build configuration named "nope"/) })
    expect(await kilnBuild(root, ['--fast'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --fast/) })
    writeFileSync(join(root, '.kiln', 'builds.json'), '{ "builds": [ }')
    expect(await kilnBuild(root, [])).toMatchObject({ code: 2, stderr: expect.stringMatching(/not valid JSON: line 1, column/) })
  })
})
