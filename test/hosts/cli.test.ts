// The `kiln` dispatcher and the serve command, with injected commands and a fake host.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { version } from '../../package.json'
import { runCli, type CliIo, type Command } from '../../src-main/cli'
import type { BrowserHostOptions } from '../../src-main/serve'
import { SERVING_PREFIX, parseServeArgs, serveCommand, type ServeDeps } from '../../src-main/serve/cli-command'

const capture = () => {
  const out = { stdout: '', stderr: '' }
  const io: CliIo = { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s) }
  return { out, io }
}

describe('kiln dispatcher', () => {
  const seen: string[][] = []
  const commands: Record<string, Command> = {
    outline: async (argv) => {
      seen.push(['outline', ...argv])
      return 0
    },
  }

  it('prints usage on --help and the version on --version', async () => {
    const { out, io } = capture()
    expect(await runCli(['--help'], io, commands)).toBe(0)
    expect(out.stdout).toContain('serve [--port N] [--host H] [FOLDER]')
    expect(out.stdout).toContain('outline FILE [--json]')
    expect(await runCli(['--version'], io, commands)).toBe(0)
    expect(out.stdout).toContain(`kiln ${version}\n`)
    expect(out.stderr).toBe('')
  })

  it('answers an unknown or missing command with usage on stderr and exit 2', async () => {
    const { out, io } = capture()
    expect(await runCli(['frobnicate'], io, commands)).toBe(2)
    expect(out.stderr).toContain("unknown command 'frobnicate'")
    expect(out.stderr).toContain('Usage: kiln')
    expect(await runCli(['toString'], io, commands)).toBe(2)
    expect(await runCli([], io, commands)).toBe(2)
    expect(out.stdout).toBe('')
  })

  it('passes the remaining arguments to the command and returns its status', async () => {
    const { io } = capture()
    expect(await runCli(['outline', 'a.jl', '--json'], io, commands)).toBe(0)
    expect(seen.at(-1)).toEqual(['outline', 'a.jl', '--json'])
  })
})

describe('parseServeArgs', () => {
  it('reads port, host and folder in either flag form', () => {
    expect(parseServeArgs(['--port', '8080', '--host=0.0.0.0', 'proj'])).toEqual({ port: 8080, host: '0.0.0.0', folder: 'proj', help: false })
    expect(parseServeArgs(['--port=0'])).toEqual({ port: 0, folder: null, help: false })
  })

  it('rejects bad values with a message', () => {
    for (const argv of [['--port', 'http'], ['--port'], ['--port', '70000'], ['--host'], ['--bogus'], ['a', 'b']]) {
      expect(parseServeArgs(argv), argv.join(' ')).toHaveProperty('error')
    }
  })
})

describe('kiln serve', () => {
  let dir: string
  let started: BrowserHostOptions[]
  let closed: number
  const deps = (): ServeDeps => ({
    rendererDir: join(dir, 'renderer'),
    userDataDir: () => join(dir, 'user'),
    cwd: dir,
    startHost: async (opts) => {
      started.push(opts)
      return { url: 'http://127.0.0.1:4242/?token=abc', otherUrls: [], port: 4242, token: 'abc', close: async () => void closed++ }
    },
    stopRequested: async () => 'SIGINT',
  })

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiln-cli-'))
    mkdirSync(join(dir, 'renderer'))
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>')
    mkdirSync(join(dir, 'proj'))
    started = []
    closed = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('prints the URL on one stable stdout line, then closes the host on a signal', async () => {
    const { out, io } = capture()
    expect(await serveCommand(['--port', '4242', 'proj'], io, deps())).toBe(0)
    expect(out.stdout).toBe(`${SERVING_PREFIX}http://127.0.0.1:4242/?token=abc\n`)
    expect(out.stdout).toMatch(/^Kiln is serving on (http:\/\/\S+)$/m)
    expect(started[0]).toMatchObject({ port: 4242, folder: join(dir, 'proj'), userDataDir: join(dir, 'user') })
    expect(closed).toBe(1)
  })

  it('refuses a folder that does not exist, and says how to build a missing UI', async () => {
    const { out, io } = capture()
    expect(await serveCommand(['nope'], io, deps())).toBe(2)
    expect(out.stderr).toContain('not a folder')
    rmSync(join(dir, 'renderer'), { recursive: true })
    expect(await serveCommand([], io, deps())).toBe(1)
    expect(out.stderr).toContain('npm run build')
    expect(started).toEqual([])
  })

  it('reports a usage error with exit 2', async () => {
    const { out, io } = capture()
    expect(await serveCommand(['--port', 'x'], io, deps())).toBe(2)
    expect(out.stderr).toContain('Usage: kiln serve')
  })
})
