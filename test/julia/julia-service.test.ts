// The Julia service end to end: real ptys, a real side channel, and the `julia` double
// (test/fixtures/julia-double) standing in for Julia with kiln.jl loaded.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FAKE, harness, type Harness } from './service-helpers'

let h: Harness | null = null
const setup = async (...args: Parameters<typeof harness>): Promise<Harness> => (h = await harness(...args))
afterEach(async () => {
  await h?.dispose()
  h = null
})

describe('JuliaService with the julia double', () => {
  it('starts the REPL in a Julia terminal tab and reports ready with the startup time', async () => {
    const t = await setup()
    expect(await t.julia.status()).toMatchObject({ state: 'stopped', environment: '', install: { version: '1.12.1' } })
    await t.julia.status() // polling the status emits nothing new
    expect(t.events('julia:status')).toHaveLength(1)
    const status = await t.julia.start(100, 30)
    expect(status).toMatchObject({ state: 'ready', environment: '', threads: 2, project: t.root, install: { version: '1.12.1', via: 'setting' }, versionNote: null })
    expect(status.startupMs).toBeGreaterThan(0)
    expect(status.pid).toBeGreaterThan(0)
    const tabs = t.terminals.list()
    expect(tabs).toEqual([expect.objectContaining({ id: status.terminalId, kind: 'julia', title: 'Julia REPL' })])
    expect(t.events('julia:status').map((s) => s.state)).toEqual(expect.arrayContaining(['starting', 'ready']))

    // Once Julia is connected nobody else can be: the socket file is gone from its private folder.
    const socketDirs = readdirSync(t.socketBase).filter((n) => n.startsWith('kiln-'))
    expect(socketDirs).toHaveLength(1)
    const folder = join(t.socketBase, socketDirs[0] ?? '')
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect(readdirSync(folder)).toEqual([])
    await t.julia.stop()
    await t.waitFor(() => !existsSync(folder), 'the socket folder to be removed')
  })

  it('evaluates code and answers the result with timings, then emits the variables', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const r = await t.julia.eval({ code: 'x = 1 + 2', path: 'src/a.jl', line: 4, module: 'Main' })
    expect(r).toMatchObject({ ok: true, text: '3', truncated: false, rich: null, error: null })
    expect(r.totalMs).toBeGreaterThanOrEqual(r.evalMs)
    await t.waitFor(() => t.events('julia:variables').length > 0, 'variables')
    expect(t.events('julia:variables').at(-1)?.variables).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'x' })]))
    expect(await t.julia.variables()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'x' })]))
  })

  it('tells which module the code ran in: Main when the one asked for is not loaded', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const before = await t.julia.eval({ code: 'v = 1', path: 'src/Demo.jl', line: 3, module: 'Main.Demo' })
    expect(before).toMatchObject({ ok: true, module: 'Main' })
    await t.julia.eval({ code: 'module Demo\nv = 2\nend', path: 'src/Demo.jl', line: 1, module: 'Main' })
    const after = await t.julia.eval({ code: 'v', path: 'src/Demo.jl', line: 2, module: 'Main.Demo' })
    expect(after).toMatchObject({ ok: true, text: '2', module: 'Main.Demo' })
  })

  it('maps error frames to workspace paths (null outside the workspace)', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const r = await t.julia.eval({ code: 'error("boom")', path: 'src/a.jl', line: 7, module: 'Main' })
    expect(r.ok).toBe(false)
    expect(r.error).toMatchObject({ type: 'ErrorException', message: 'boom' })
    const frames = r.error?.frames ?? []
    expect(frames).toContainEqual(expect.objectContaining({ file: join(t.root, 'src', 'a.jl'), line: 7, path: 'src/a.jl' }))
    expect(frames.some((f) => f.path === null)).toBe(true) // Base's error.jl
  })

  it('interrupts a slow evaluation', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const slow = t.julia.eval({ code: 'sleep(30)', path: null, line: 1, module: 'Main' })
    await t.waitForState('busy')
    const t0 = Date.now()
    t.julia.interrupt()
    const r = await slow
    expect(Date.now() - t0).toBeLessThan(3000)
    expect(r.error?.type).toBe('InterruptException')
    await t.waitForState('ready')
  })

  it('interrupts code typed into the REPL with Ctrl-C when no evaluation is running', async () => {
    const t = await setup()
    const s = await t.julia.start(80, 24)
    const id = s.terminalId ?? ''
    t.terminals.input(id, 'sleep(30)\r')
    await t.waitFor(() => t.output(id).includes('sleep(30)'), 'the typed line')
    await new Promise((r) => setTimeout(r, 200))
    t.julia.interrupt()
    await t.waitFor(() => /InterruptException/.test(t.output(id)), 'the interrupt in the REPL', 3000)
  })

  it('restarts in the same tab with a fresh process, failing what was pending', async () => {
    const t = await setup()
    const first = await t.julia.start(80, 24)
    await t.julia.eval({ code: 'y = 5', path: null, line: 1, module: 'Main' })
    const pending = t.julia.eval({ code: 'sleep(30)', path: null, line: 1, module: 'Main' }).then(
      () => null,
      (e: unknown) => e,
    )
    const second = await t.julia.restart(80, 24)
    expect(await pending).toMatchObject({ code: 'CANCELLED' })
    expect(second).toMatchObject({ state: 'ready', terminalId: first.terminalId })
    expect(second.pid).not.toBe(first.pid)
    expect(t.terminals.list()).toHaveLength(1)
    const r = await t.julia.eval({ code: 'y', path: null, line: 1, module: 'Main' })
    expect(r.ok).toBe(false) // a fresh Main: y is gone
    expect(r.error?.type).toBe('UndefVarError')
  })

  it('reports an unexpected exit with its code and last output; a pending evaluation fails naming the code', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const slow = t.julia.eval({ code: 'sleep(30)', path: null, line: 1, module: 'Main' })
    await t.waitForState('busy')
    const id = t.events('julia:status').at(-1)?.terminalId ?? ''
    t.terminals.input(id, 'println("last words"); exit(7)\r')
    await expect(slow).rejects.toMatchObject({ code: 'PROCESS', message: expect.stringMatching(/Julia exited with code 7/) })
    await t.waitForState('exited')
    const s = await t.julia.status()
    expect(s.exit).toMatchObject({ code: 7, signal: null })
    expect(s.exit?.lastOutput).toMatch(/last words/)
    expect(s.exit?.lastOutput).not.toMatch(/\x1b/)
    // Restart brings it back in the same tab.
    expect((await t.julia.restart(80, 24)).state).toBe('ready')
  })

  it('reports a crash with its signal', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    await expect(t.julia.eval({ code: 'crash()', path: null, line: 1, module: 'Main' })).rejects.toMatchObject({
      code: 'PROCESS',
      message: expect.stringMatching(/killed by signal 11/),
    })
    await t.waitForState('exited')
    const s = await t.julia.status()
    expect(s.exit?.signal).toBe(11) // SIGSEGV, as Julia re-raises after its report
    expect(s.exit?.lastOutput).toMatch(/Segmentation fault/)
  })

  it('emits image results and display() calls for the plot pane', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const r = await t.julia.eval({ code: 'plot([1, 2, 3])', path: 'src/p.jl', line: 2, module: 'Main' })
    expect(r.rich?.mime).toBe('image/png')
    expect(Buffer.from(r.rich?.data ?? '', 'base64').subarray(1, 4).toString()).toBe('PNG')
    await t.julia.eval({ code: 'display(plot([3, 2, 1]))', path: null, line: 1, module: 'Main' })
    await t.waitFor(() => t.events('julia:plot').length === 2, 'two plots')
    expect(t.events('julia:plot').map((p) => p.origin)).toEqual(['src/p.jl:2', 'display'])
  })

  it('cuts a huge value short and says so', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    const r = await t.julia.eval({ code: 'collect(1:10000000)', path: null, line: 1, module: 'Main' })
    expect(r.ok).toBe(true)
    expect(r.text.length).toBeLessThanOrEqual(20_000)
  })

  it('types Pkg commands into the REPL', async () => {
    const t = await setup()
    const s = await t.julia.start(80, 24)
    await t.julia.pkg('add', ['Example', 'JSON@0.21'])
    await t.waitFor(() => t.output(s.terminalId ?? '').includes('Pkg.add(["Example", Pkg.PackageSpec(name="JSON", version="0.21")])'), 'the Pkg line')
    await expect(t.julia.pkg('remove', [])).rejects.toMatchObject({ code: 'INVALID_ARGS' })
  })

  it('switches the environment: remembered, and activated in the running REPL', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    await expect(t.julia.setEnvironment('docs')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const s = await t.julia.setEnvironment('@v1.12')
    expect(s.environment).toBe('@v1.12')
    expect(s.project).toMatch(/environments[/\\]v1\.12$/)
    expect((await t.julia.environments()).active).toBe('@v1.12')
  })

  it('stops: the tab is gone and evaluations wait for a new start', async () => {
    const t = await setup()
    await t.julia.start(80, 24)
    await t.julia.stop()
    expect(t.terminals.list()).toEqual([])
    expect((await t.julia.status()).state).toBe('stopped')
  })

  it('notices the user closing the REPL tab', async () => {
    const t = await setup()
    const s = await t.julia.start(80, 24)
    t.terminals.kill(s.terminalId ?? '')
    expect((await t.julia.status())).toMatchObject({ state: 'stopped', terminalId: null })
  })
})

describe('JuliaService edge cases', () => {
  it("says Julia is missing, with juliaup's install command", async () => {
    const t = await setup({ settings: { 'julia.executablePath': '' } })
    const s = await t.julia.status()
    expect(s.state).toBe('missing')
    expect(s.problem?.fix).toMatch(/install\.julialang\.org/)
    await expect(t.julia.start(80, 24)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/install\.julialang\.org/) })
    await expect(t.julia.eval({ code: '1', path: null, line: 1, module: 'Main' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a connection with the wrong token and keeps waiting for the right one', async () => {
    const t = await setup({ julia: FAKE, env: { FAKE_MODE: 'wrong-token-first' } })
    const s = await t.julia.start(80, 24)
    expect(s.state).toBe('ready')
    expect(t.log.lines.join('\n')).toMatch(/refused a connection \(wrong token\)/)
    expect((await t.julia.eval({ code: '41', path: null, line: 1, module: 'Main' })).text).toBe('41')
  })

  it('fails the start clearly when Julia dies before connecting', async () => {
    const t = await setup({ julia: FAKE, env: { FAKE_MODE: 'die-at-start' } })
    await expect(t.julia.start(80, 24)).rejects.toMatchObject({ code: 'PROCESS', message: expect.stringMatching(/exited with code 3 before it connected[^]*could not load kiln\.jl/) })
    expect((await t.julia.status()).state).toBe('exited')
  })

  it('gives up on a Julia that never connects, showing its last output', async () => {
    const t = await setup({ julia: FAKE, env: { FAKE_MODE: 'never-connect' }, service: { startTimeoutMs: 800 } })
    await expect(t.julia.start(80, 24)).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/did not connect to Kiln within 1 s\. Last output:\nfake julia/) })
    await t.waitForState('exited')
  })
})
