// The julia double (test/fixtures/julia-double) in a real pty, speaking the side channel to a server
// written from docs/protocol.md. Kiln's julia service is tested against this double, so each case
// here pins a behaviour of real Julia + kiln.jl that Kiln relies on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KILN_JL, PtyDouble } from './pty-double'
import { type Message, SideServer } from './side-server'

let server: SideServer
let julia: PtyDouble | null
let project: string

beforeEach(async () => {
  server = new SideServer()
  await server.listen()
  project = mkdtempSync(join(tmpdir(), 'kiln-proj-'))
  writeFileSync(join(project, 'Project.toml'), 'name = "Demo"\n')
  julia = null
})

afterEach(() => {
  julia?.kill()
  server.close()
  rmSync(project, { recursive: true, force: true })
})

async function startJulia(extraEnv: Record<string, string> = {}): Promise<PtyDouble> {
  julia = await PtyDouble.start(
    [`--project=${project}`, '--threads=3', '-i', '-L', KILN_JL],
    { KILN_SOCKET: server.path, KILN_TOKEN: server.token, ...extraEnv },
    project,
  )
  await server.next((m) => m.type === 'hello')
  await julia.waitForPrompts(1)
  return julia
}

const result = (id: string, ms?: number) => server.reply(id, ms) as Promise<Message & { ok: boolean; text: string; error: { type: string; message: string; frames: { func: string; file: string; line: number }[] } }>

describe('julia double: start-up', () => {
  it('says hello first with the token, version, pid, threads and project', async () => {
    const j = await startJulia()
    const hello = server.messages[0]
    expect(hello).toEqual({
      type: 'hello', protocol: 1, token: server.token, version: '1.12.1', pid: j.pty.pid, threads: 3,
      project: join(project, 'Project.toml'),
    })
  })

  it('shows the banner and a green bold julia> prompt', async () => {
    const j = await startJulia()
    expect(j.plain).toContain('Version 1.12.1')
    expect(j.output).toContain('\x1b[32m\x1b[1mjulia> \x1b[0m')
  })

  it('answers --version and takes the version from KILN_DOUBLE_VERSION', async () => {
    julia = await PtyDouble.start(['--version'], { KILN_DOUBLE_VERSION: '1.10.4' }, project)
    await julia.exited
    expect(julia.plain.trim()).toBe('julia version 1.10.4')
  })

  it('exits 1 with an error when the -L file is missing, as julia does', async () => {
    julia = await PtyDouble.start(['-i', '-L', '/nonexistent/kiln.jl'], {}, project)
    expect((await julia.exited).exitCode).toBe(1)
    expect(julia.plain).toContain('ERROR: SystemError: opening file "/nonexistent/kiln.jl"')
  })
})

describe('julia double: evaluation over the side channel', () => {
  it('returns the text form and shows the value in the REPL', async () => {
    const j = await startJulia()
    server.eval('e1', 'x = 1 + 2')
    const r = await result('e1')
    expect(r).toMatchObject({ type: 'result', ok: true, text: '3', truncated: false, mime: null, data: null, project: join(project, 'Project.toml') })
    expect(typeof r.evalMs).toBe('number')
    await j.waitFor(/\n3\n/)
  })

  it('keeps the REPL quiet after a trailing semicolon but still returns the value', async () => {
    const j = await startJulia()
    server.eval('e1', '40 + 2;')
    expect((await result('e1')).text).toBe('42')
    server.eval('e2', 'println("after")')
    await result('e2')
    await j.waitFor(/after\n/) // the pty's bytes may trail the socket's
    expect(j.plain).not.toContain('42')
  })

  it('reports errors with frames shifted to the file and line, and prints them in the REPL', async () => {
    const j = await startJulia()
    server.eval('e1', 'y = 3\n\nerror("boom")', '/work/src/a.jl', 20)
    const r = await result('e1')
    expect(r.ok).toBe(false)
    expect(r.error.type).toBe('ErrorException')
    expect(r.error.message).toBe('boom')
    expect(r.error.frames.at(0)).toMatchObject({ func: 'error', file: './error.jl' })
    expect(r.error.frames.at(-1)).toEqual({ func: 'top-level scope', file: '/work/src/a.jl', line: 22 })
    await j.waitFor(/ERROR: boom\nStacktrace:\n \[1\] error\(s::String\)[\s\S]*@ \/work\/src\/a\.jl:22\n/)
  })

  it('shifts @__LINE__ like the lines of the file', async () => {
    await startJulia()
    server.eval('e1', '\n@__LINE__', '/work/src/a.jl', 40)
    expect((await result('e1')).text).toBe('41')
  })

  it('cuts a huge text form at 20 000 characters and says so', async () => {
    await startJulia()
    server.eval('e1', 'Text(repeat("ab", 15000))')
    const r = await result('e1')
    expect(r.truncated).toBe(true)
    expect(r.text).toHaveLength(20_000)
    server.eval('e2', 'collect(1:100000)')
    const v = await result('e2')
    expect(v.truncated).toBe(false)
    expect(v.text).toMatch(/^100000-element Vector\{Int64\}:\n[\s\S]*⋮[\s\S]*100000$/)
  })

  it('returns an image result as base64 PNG alongside its text form', async () => {
    await startJulia()
    server.eval('e1', 'plot(1)')
    const r = await result('e1')
    expect(r.mime).toBe('image/png')
    expect(r.text).toMatch(/^Plot\{/)
    expect(Buffer.from(String(r.data), 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })

  it('lists variables with type, size and summary', async () => {
    await startJulia()
    server.eval('e1', 'x = 1 + 2\nv = zeros(1000)\ns = "hi"')
    await result('e1')
    server.send('variables', 'v1')
    const r = (await server.reply('v1')) as Message & { variables: { name: string }[] }
    expect(r.type).toBe('variables')
    expect(r.variables).toEqual([
      { name: 'x', type: 'Int64', size: '8 bytes', summary: '3' },
      { name: 'v', type: 'Vector{Float64}', size: '1000', summary: expect.stringMatching(/^1000-element Vector\{Float64\}: \[0\.0, 0\.0/) },
      { name: 's', type: 'String', size: '10 bytes', summary: '"hi"' },
    ])
  })

  it('serves evaluations in order while ping is answered at once', async () => {
    await startJulia()
    server.eval('e1', 'sleep(0.5)')
    server.eval('e2', '7')
    server.send('ping', 'p1')
    await result('e2', 3000)
    const order = server.messages.filter((m) => m.id).map((m) => m.id)
    expect(order).toEqual(['p1', 'e1', 'e2'])
  })

  it('answers an unknown verb with an error naming the request', async () => {
    await startJulia()
    server.send('frobnicate', 'x1')
    expect(await server.reply('x1')).toEqual({ type: 'error', id: 'x1', message: 'unknown verb: frobnicate' })
  })

  it('evaluates in Main, saying so, when the requested module is not loaded', async () => {
    await startJulia()
    server.eval('e1', 'x = 1 + 1', '/work/src/Demo.jl', 3, 'Main.Demo')
    expect(await result('e1')).toMatchObject({ ok: true, text: '2', module: 'Main' })
    server.eval('e2', 'x')
    expect(await result('e2')).toMatchObject({ ok: true, text: '2', module: 'Main' })
  })

  it('a module block defines the module; code run in it sees its bindings, and Main does not', async () => {
    const j = await startJulia()
    server.eval('e1', 'module Demo\n\ngreet(name) = string("hi ", name)\nanswer = 42\n\nmodule Inner\nz = 1\nend\n\nend', '/work/src/Demo.jl', 1)
    expect(await result('e1')).toMatchObject({ ok: true, text: 'Main.Demo', module: 'Main' })
    server.eval('e2', 'greet("you")', '/work/src/Demo.jl', 4, 'Main.Demo')
    expect(await result('e2')).toMatchObject({ ok: true, text: '"hi you"', module: 'Main.Demo' })
    server.eval('e3', 'z', '/work/src/Demo.jl', 7, 'Main.Demo.Inner')
    expect(await result('e3')).toMatchObject({ ok: true, text: '1', module: 'Main.Demo.Inner' })
    // Main has only the module's name; its bindings are reached through it.
    server.eval('e4', 'answer')
    const r = await result('e4')
    expect(r.error.message).toMatch(/^UndefVarError: `answer` not defined in `Main`/)
    server.eval('e5', 'Demo.answer + 1')
    expect(await result('e5')).toMatchObject({ ok: true, text: '43', module: 'Main' })
    // The variables list leaves modules out, as kiln.jl's does.
    server.send('variables', 'v1')
    expect(((await server.reply('v1')) as Message & { variables: unknown[] }).variables).toEqual([])
    // Running the block again replaces the module, with Julia's warning in the REPL.
    server.eval('e6', 'module Demo\nend')
    await result('e6')
    await j.waitFor(/WARNING: replacing module Demo\./)
    server.eval('e7', 'greet("again")', '/work/src/Demo.jl', 4, 'Main.Demo')
    expect((await result('e7')).error.message).toMatch(/not defined in `Main\.Demo`/)
  })

  it('a module typed at the prompt over several lines defines it too', async () => {
    const j = await startJulia()
    j.type('module Typed\r')
    j.type('k = 7\r')
    j.type('end\r')
    await j.waitFor(/\nMain\.Typed\n/)
    server.eval('e1', 'k * 2', '/work/src/T.jl', 2, 'Main.Typed')
    expect(await result('e1')).toMatchObject({ ok: true, text: '14', module: 'Main.Typed' })
  })

  it('activates another environment and reports its project', async () => {
    const j = await startJulia()
    const other = join(project, 'sub')
    server.send('activate', 'a1', { path: other })
    expect(await server.reply('a1')).toEqual({ type: 'project', id: 'a1', project: join(other, 'Project.toml') })
    await j.waitFor(/Activating new project at `.*sub`/)
  })
})

describe('julia double: interrupt, display, exit, crash', () => {
  it('interrupts a sleeping evaluation from the side channel', async () => {
    const j = await startJulia()
    server.eval('e1', 'sleep(30)', '/work/src/a.jl', 5)
    await new Promise((r) => setTimeout(r, 200))
    const t0 = Date.now()
    server.send('interrupt', 'i1')
    expect(await server.reply('i1')).toEqual({ type: 'ack', id: 'i1' })
    const r = await result('e1')
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(r.error.type).toBe('InterruptException')
    expect(r.error.frames.at(-1)).toEqual({ func: 'top-level scope', file: '/work/src/a.jl', line: 5 })
    await j.waitFor(/ERROR: InterruptException:/)
  })

  it('interrupts typed code on Ctrl-C through the pty and returns to the prompt', async () => {
    const j = await startJulia()
    j.type('sleep(30)\r')
    await j.waitFor(/julia> sleep\(30\)\n/)
    await new Promise((r) => setTimeout(r, 100))
    j.type('\x03')
    await j.waitFor(/\^CERROR: InterruptException:\nStacktrace:[\s\S]*@ REPL\[1\]:1\n\njulia> $/, 2000)
  })

  it('treats Ctrl-C at an idle prompt as a key: ^C and a fresh prompt', async () => {
    const j = await startJulia()
    j.type('1 + ')
    j.type('\x03')
    await j.waitForPrompts(2)
    j.type('2 + 2\r')
    await j.waitFor(/julia> 2 \+ 2\n4\n/)
  })

  it('sends display(plot) as an unsolicited display message, and a plot typed in the REPL too', async () => {
    const j = await startJulia()
    server.eval('e1', 'display(plot(1, 2))')
    expect(await result('e1')).toMatchObject({ ok: true, text: '' })
    const shown = server.messages.filter((m) => m.type === 'display')
    expect(shown).toHaveLength(1)
    expect(shown[0]).toMatchObject({ mime: 'image/png', data: expect.stringMatching(/^iVBORw0KGgo/) })
    j.type('plot(3)\r')
    await server.next((m) => m.type === 'display' && m !== shown[0])
  })

  it('exits with the code given to exit(n)', async () => {
    const j = await startJulia()
    server.eval('e1', 'exit(7)')
    expect((await j.exited).exitCode).toBe(7)
  })

  it('dies of SIGSEGV after printing a Julia-style segfault report on crash()', async () => {
    const j = await startJulia()
    j.type('crash()\r')
    const exit = await j.exited
    expect(exit.signal).toBe(11)
    await j.waitFor(/\[\d+\] signal 11 \(1\): Segmentation fault\nin expression starting at REPL\[1\]:1/)
  })

  it('prints a huge output into the pty in full', async () => {
    const j = await startJulia()
    server.eval('e1', 'print(repeat("line\\n", 20000))')
    await result('e1')
    await j.waitFor(/(line\n){20000}/, 10_000)
  })
})
