// Which language server Kiln runs, from the settings and what is installed: fake homes, depots
// and PATHs on disk, with small executables standing in for jetls and julia (never run here).
import { afterEach, describe, expect, it } from 'vitest'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { discoverLanguageServer, hasLanguageServer, splitCommand, type DiscoveryContext } from '../../src-main/services/lsp/discovery'

let base = ''
afterEach(() => rmSync(base, { recursive: true, force: true }))

function world() {
  base = mkdtempSync(join(tmpdir(), 'kiln-lsp-disc-'))
  const home = join(base, 'home')
  const bin = join(base, 'bin')
  const root = join(base, 'proj')
  for (const d of [home, bin, root]) mkdirSync(d, { recursive: true })
  const ctx = (over: Partial<DiscoveryContext> = {}): DiscoveryContext => ({
    choice: 'auto',
    commandSetting: '',
    juliaSetting: '',
    root,
    env: { PATH: bin },
    home,
    ...over,
  })
  return { home, bin, root, ctx }
}

function exe(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, '#!/bin/sh\nexit 0\n')
  chmodSync(path, 0o755)
  return path
}

/** A depot environment; `manifest` picks the Manifest format (or none: not instantiated). */
function env(dir: string, manifest: 'v2' | 'v1' | 'none' = 'v2', pkg = 'LanguageServer'): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'Project.toml'), `[deps]\n${pkg} = "2b0e0bc5-e4fd-59b4-8912-456d1b03d8d7"\n`)
  if (manifest === 'v2') writeFileSync(join(dir, 'Manifest.toml'), `julia_version = "1.12.1"\nmanifest_format = "2.0"\n\n[[deps.${pkg}]]\nuuid = "2b0e0bc5-e4fd-59b4-8912-456d1b03d8d7"\nversion = "4.5.1"\n`)
  if (manifest === 'v1') writeFileSync(join(dir, 'Manifest.toml'), `[[${pkg}]]\nuuid = "2b0e0bc5-e4fd-59b4-8912-456d1b03d8d7"\nversion = "4.0.0"\n`)
  return dir
}

describe('language server discovery', () => {
  it('runs nothing when off, and says so when nothing is installed', async () => {
    const w = world()
    exe(join(w.bin, 'jetls'))
    expect(await discoverLanguageServer(w.ctx({ choice: 'off' }))).toMatchObject({ kind: 'absent', message: expect.stringContaining('off') })
    rmSync(join(w.bin, 'jetls'))
    expect(await discoverLanguageServer(w.ctx())).toMatchObject({ kind: 'absent', message: expect.stringContaining('no Julia language server is installed') })
  })

  it('finds jetls on PATH or in the depot’s bin and runs it the way JETLS’s own client does', async () => {
    const w = world()
    const inDepot = exe(join(w.home, '.julia', 'bin', 'jetls'))
    expect(await discoverLanguageServer(w.ctx())).toEqual({ kind: 'launch', name: 'JETLS', command: inDepot, args: ['--threads=auto', '--', 'serve'], cwd: w.root, via: inDepot })
    const onPath = exe(join(w.bin, 'jetls'))
    expect(await discoverLanguageServer(w.ctx({ choice: 'JETLS' }))).toMatchObject({ command: onPath })
  })

  it('uses LanguageServer.jl only from a depot environment where it is installed, preferring it on auto', async () => {
    const w = world()
    exe(join(w.bin, 'jetls'))
    const julia = exe(join(w.bin, 'julia'))
    env(join(w.home, '.julia', 'environments', 'nvim-lspconfig'), 'none') // listed, never instantiated
    env(join(w.home, '.julia', 'environments', 'other'), 'v2', 'Example')
    expect(await discoverLanguageServer(w.ctx())).toMatchObject({ name: 'JETLS' })

    const lsEnv = env(join(w.home, '.julia', 'environments', 'v1.12'), 'v2')
    writeFileSync(join(w.root, 'Project.toml'), 'name = "Proj"\n')
    expect(await discoverLanguageServer(w.ctx())).toEqual({
      kind: 'launch',
      name: 'LanguageServer.jl',
      command: julia,
      args: ['--startup-file=no', '--history-file=no', `--project=${lsEnv}`, '-e', 'using LanguageServer; runserver()', w.root],
      cwd: w.root,
      via: lsEnv,
    })
    // Without a Project.toml in the folder, runserver picks the environment itself (no ARGS[1]).
    rmSync(join(w.root, 'Project.toml'))
    const plan = await discoverLanguageServer(w.ctx({ choice: 'LanguageServer.jl' }))
    expect(plan.kind === 'launch' && plan.args.at(-1)).toBe('using LanguageServer; runserver()')
  })

  it('reads old-format manifests and JULIA_DEPOT_PATH, and uses julia.executablePath', async () => {
    const w = world()
    const depot = join(base, 'depot')
    const lsEnv = env(join(depot, 'environments', 'languageserver'), 'v1')
    expect(hasLanguageServer(lsEnv)).toBe(true)
    const julia = exe(join(base, 'opt', 'julia-1.12', 'bin', 'julia'))
    const plan = await discoverLanguageServer(w.ctx({ env: { PATH: w.bin, JULIA_DEPOT_PATH: `${depot}:` }, juliaSetting: julia }))
    expect(plan).toMatchObject({ kind: 'launch', name: 'LanguageServer.jl', command: julia, via: lsEnv })
  })

  it('says what is wrong when the chosen server is not there, with the command that installs it', async () => {
    const w = world()
    expect(await discoverLanguageServer(w.ctx({ choice: 'JETLS' }))).toMatchObject({ kind: 'error', name: 'JETLS', message: expect.stringContaining('Pkg.Apps.add') })
    expect(await discoverLanguageServer(w.ctx({ choice: 'LanguageServer.jl' }))).toMatchObject({ kind: 'error', message: expect.stringContaining('Pkg.add("LanguageServer")') })
    env(join(w.home, '.julia', 'environments', 'ls'))
    expect(await discoverLanguageServer(w.ctx({ choice: 'LanguageServer.jl' }))).toMatchObject({ kind: 'error', message: expect.stringContaining('no julia was found') })
  })

  it('runs the julia.languageServerPath command as given, adding the serve arguments to a bare jetls', async () => {
    const w = world()
    const spaced = exe(join(base, 'my tools', 'jetls'))
    expect(await discoverLanguageServer(w.ctx({ commandSetting: spaced }))).toMatchObject({ kind: 'launch', name: 'JETLS', command: spaced, args: ['--threads=auto', '--', 'serve'], via: 'setting julia.languageServerPath' })
    const node = exe(join(w.bin, 'node'))
    expect(await discoverLanguageServer(w.ctx({ commandSetting: `node "${join(base, 'my tools', 'server.mjs')}" --stdio` }))).toMatchObject({
      command: node,
      args: [join(base, 'my tools', 'server.mjs'), '--stdio'],
      // The interpreter's name says nothing; the server's own (initialize's serverInfo) replaces this.
      name: 'Language server',
      nameFromServer: true,
    })
    expect(await discoverLanguageServer(w.ctx({ commandSetting: '/nowhere/jetls', choice: 'JETLS' }))).toMatchObject({
      kind: 'error',
      name: 'JETLS',
      message: expect.stringContaining('julia.languageServerPath'),
    })
    // 'off' wins over a configured command.
    expect(await discoverLanguageServer(w.ctx({ commandSetting: spaced, choice: 'off' }))).toMatchObject({ kind: 'absent' })
  })

  it('splits a command line without a shell', () => {
    expect(splitCommand(`julia --project='/a b' -e "using X; f(\\"y\\")"  z`)).toEqual(['julia', '--project=/a b', '-e', 'using X; f("y")', 'z'])
    expect(splitCommand('  ')).toEqual([])
    expect(splitCommand(`a '' b`)).toEqual(['a', '', 'b'])
  })
})
