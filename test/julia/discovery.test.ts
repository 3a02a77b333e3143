import { chmod, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src-main/lib/log'
import { execProbe, type ExecFn } from '../../src-main/services/doctor/exec'
import { INSTALL_JULIAUP } from '../../src-main/services/doctor/probes-julia'
import { JuliaLocator, sharedEnvFor } from '../../src-main/services/julia/discovery'

const temps: string[] = []
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true })
})

/** A fake `julia` that answers --version like the real one, echoing a `+channel` argument. */
async function fakeJulia(dir: string, version: string, name = 'julia'): Promise<string> {
  await mkdir(dir, { recursive: true })
  const file = join(dir, name)
  await writeFile(file, `#!/bin/sh\nfor a in "$@"; do case "$a" in +*) echo "channel $a";; esac; done\necho "julia version ${version}"\n`)
  await chmod(file, 0o755)
  return file
}

async function setup(settings: Record<string, string> = {}) {
  const home = await mkdtemp(join(tmpdir(), 'kiln-disc-'))
  temps.push(home)
  const runs: string[][] = []
  const exec: ExecFn = (file, args, opts) => {
    runs.push([file, ...args])
    return execProbe(file, args, opts)
  }
  const env: NodeJS.ProcessEnv = { PATH: join(home, 'bin') }
  const log = memoryLogger()
  const locator = new JuliaLocator({ setting: (k) => settings[k] ?? '', env, home, exec, log })
  return { home, env, runs, locator, log }
}

describe('finding julia', () => {
  it('says Julia is missing, with the juliaup install command as the fix', async () => {
    const { locator } = await setup()
    const d = await locator.find()
    expect(d.install).toBeNull()
    expect(d.problem?.message).toMatch(/not found on PATH or in ~\/.juliaup\/bin/)
    expect(d.problem?.fix).toContain(INSTALL_JULIAUP)
  })

  it('finds julia on PATH and reads its version', async () => {
    const t = await setup()
    const path = await fakeJulia(join(t.home, 'bin'), '1.12.1')
    expect(await t.locator.find()).toEqual({ install: { path, version: '1.12.1', via: 'PATH', channel: null }, versionNote: null, problem: null })
  })

  it('falls back to ~/.juliaup/bin', async () => {
    const t = await setup()
    const path = await fakeJulia(join(t.home, '.juliaup', 'bin'), '1.12.0')
    expect((await t.locator.find()).install).toMatchObject({ path, via: 'juliaup' })
  })

  it('uses the julia.executablePath setting over PATH, and names the setting when it is wrong', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kiln-disc-'))
    temps.push(home)
    const chosen = await fakeJulia(join(home, 'opt'), '1.13.0-DEV')
    await fakeJulia(join(home, 'bin'), '1.12.1')
    const good = new JuliaLocator({ setting: (k) => (k === 'julia.executablePath' ? chosen : ''), env: { PATH: join(home, 'bin') }, home, exec: execProbe, log: memoryLogger() })
    expect((await good.find()).install).toMatchObject({ path: chosen, version: '1.13.0-DEV', via: 'setting' })
    const bad = new JuliaLocator({ setting: (k) => (k === 'julia.executablePath' ? join(home, 'nope') : ''), env: { PATH: join(home, 'bin') }, home, exec: execProbe, log: memoryLogger() })
    const d = await bad.find()
    expect(d.install).toBeNull()
    expect(d.problem?.message).toMatch(/julia.executablePath setting is .*nope, which is not an executable file/)
  })

  it('notes that juliac and Reactant need 1.12 when the version is older', async () => {
    const t = await setup()
    await fakeJulia(join(t.home, 'bin'), '1.10.5')
    const d = await t.locator.find()
    expect(d.versionNote).toMatch(/older than 1\.12: juliac and Reactant need Julia 1\.12/)
    expect(sharedEnvFor('1.10.5')).toBe('@v1.10')
  })

  it('reports a julia whose --version fails', async () => {
    const t = await setup()
    await mkdir(join(t.home, 'bin'))
    await writeFile(join(t.home, 'bin', 'julia'), '#!/bin/sh\necho "libjulia not found" >&2\nexit 127\n')
    await chmod(join(t.home, 'bin', 'julia'), 0o755)
    const d = await t.locator.find()
    expect(d.problem?.message).toMatch(/exited with code 127: libjulia not found/)
  })

  it('caches the version per path until the file changes', async () => {
    const t = await setup()
    const path = await fakeJulia(join(t.home, 'bin'), '1.12.1')
    await t.locator.find()
    await t.locator.find()
    expect(t.runs).toHaveLength(1)
    await fakeJulia(join(t.home, 'bin'), '1.12.2')
    const later = new Date(Date.now() + 5000)
    await utimes(path, later, later)
    expect((await t.locator.find()).install?.version).toBe('1.12.2')
    expect(t.runs).toHaveLength(2)
  })
})

describe('juliaup channels', () => {
  it('passes +channel to juliaup’s launcher (recognised by juliaup beside it)', async () => {
    const t = await setup({ 'julia.channel': '1.12' })
    const bin = join(t.home, '.juliaup', 'bin')
    await fakeJulia(bin, '1.12.1')
    await fakeJulia(bin, '1.6.3', 'juliaup')
    const d = await t.locator.find()
    expect(d.install).toMatchObject({ channel: '1.12', version: '1.12.1' })
    expect(t.runs[0]?.slice(1)).toEqual(['+1.12', '--version'])
  })

  it('recognises the launcher through a PATH symlink to julialauncher', async () => {
    const t = await setup({ 'julia.channel': 'release' })
    const launcher = await fakeJulia(join(t.home, 'opt'), '1.12.1', 'julialauncher')
    await mkdir(join(t.home, 'bin'))
    await symlink(launcher, join(t.home, 'bin', 'julia'))
    expect((await t.locator.find()).install?.channel).toBe('release')
  })

  it('leaves the channel out for a plain julia binary, and ignores a malformed channel', async () => {
    const plain = await setup({ 'julia.channel': '1.12' })
    await fakeJulia(join(plain.home, 'bin'), '1.12.1')
    expect((await plain.locator.find()).install?.channel).toBeNull()
    expect(plain.runs[0]?.slice(1)).toEqual(['--version'])
    expect(plain.log.lines.join('\n')).toMatch(/not juliaup's launcher/)

    const bad = await setup({ 'julia.channel': '1.12; rm -rf ~' })
    const bin = join(bad.home, '.juliaup', 'bin')
    await fakeJulia(bin, '1.12.1')
    await fakeJulia(bin, '1.6.3', 'juliaup')
    expect((await bad.locator.find()).install?.channel).toBeNull()
    expect(bad.log.lines.join('\n')).toMatch(/not a juliaup channel name/)
  })
})
