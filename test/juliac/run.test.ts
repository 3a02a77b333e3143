// Running a build's program inside limits: time, memory, a working folder of its own, no network
// when asked, and an honest list of what isolation was applied. The program is the juliac
// double's real ELF executable (`--sleep S`, `--alloc-mb M`, `--exit N` help here).
import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { rmSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findTools, wrapCommand } from '../../src-main/services/juliac/run/isolation'
import { OUTPUT_CAP, runProgram } from '../../src-main/services/juliac/run/run-program'
import { DOUBLE, doubleEnv, tempDir } from './helpers'

let dir: string
let program: string
beforeAll(() => {
  dir = tempDir()
  execFileSync(DOUBLE, ['--output-exe', 'prog', '--bundle', join(dir, 'out'), join(__dirname, 'fixtures', 'hello.jl')], { cwd: dir, env: doubleEnv() })
  program = join(dir, 'out', 'bin', 'prog')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const limits = { args: [] as string[], timeoutS: 10, memoryMb: 512, network: true }

describe('running an artifact', () => {
  it('runs it with its arguments in a fresh working folder, and says what applied', async () => {
    const r = await runProgram(program, { ...limits, args: ['a b', '$(touch /tmp/x)', '--exit', '3'] })
    expect(r.exitCode).toBe(3)
    expect(r.stdout).toMatch(/Hello from prog/)
    expect(r.stdout).toContain('a b')
    expect(r.stdout).toContain('$(touch /tmp/x)') // passed as an argument, never through a shell
    expect(r.timedOut).toBe(false)
    expect(r.wallMs).toBeGreaterThanOrEqual(0)
    expect(r.isolation).toEqual(expect.arrayContaining([expect.stringMatching(/own working folder/), expect.stringMatching(/network allowed/), expect.stringMatching(/files NOT isolated/)]))
  })

  it('kills the program at the time limit', async () => {
    const t0 = performance.now()
    const r = await runProgram(program, { ...limits, args: ['--sleep', '30'], timeoutS: 1 })
    expect(r.timedOut).toBe(true)
    expect(r.signal).toBe('SIGKILL')
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  // The double's program ignores a failed malloc (it exits 0 either way), so the limit shows in
  // the memory it really got: it holds the allocation for a moment (`--sleep`) to be measured.
  it('limits memory: an allocation beyond the limit is refused, within it is granted', async () => {
    const tools = await findTools()
    const small = await runProgram(program, { ...limits, args: ['--alloc-mb', '200', '--sleep', '1'], memoryMb: 64 }, tools)
    expect(small.isolation.join('\n')).toMatch(/memory limit 64 MiB of address space \(RLIMIT_AS, set with (prlimit|ulimit -v)\)/)
    expect(small.peakRssBytes).toBeLessThan(64 * 1024 * 1024)
    const enough = await runProgram(program, { ...limits, args: ['--alloc-mb', '200', '--sleep', '1'], memoryMb: 1024 }, tools)
    expect(enough.exitCode).toBe(0)
    expect(enough.peakRssBytes).toBeGreaterThan(190 * 1024 * 1024)
  })

  it('falls back to ulimit -v through sh with the arguments as positional parameters', async () => {
    const tools = { ...(await findTools()), prlimit: null }
    const r = await runProgram(program, { ...limits, args: ["it's; echo pwned", '--alloc-mb', '200', '--sleep', '1'], memoryMb: 64 }, tools)
    expect(r.isolation.join('\n')).toMatch(/ulimit -v/)
    expect(r.stdout).toContain("it's; echo pwned")
    expect(r.stdout).not.toMatch(/^pwned$/m)
    expect(r.peakRssBytes).toBeLessThan(64 * 1024 * 1024)
  })

  describe('network', () => {
    let server: Server
    let port = 0
    beforeAll(async () => {
      server = createServer((s) => {
        s.on('error', () => {})
        s.end('hi\n')
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      port = (server.address() as { port: number }).port
    })
    afterAll(() => server.close())

    it('cuts the network when asked, where unshare or bubblewrap can', async () => {
      const tools = await findTools()
      const probe = join(dir, 'connect.sh')
      writeFileSync(probe, `#!/bin/bash\nif exec 3<>/dev/tcp/127.0.0.1/${port}; then echo connected; else echo refused; exit 7; fi\n`)
      chmodSync(probe, 0o755)
      const open = await runProgram(probe, { ...limits, network: true }, tools)
      expect(open.stdout).toContain('connected')
      const cut = await runProgram(probe, { ...limits, network: false }, tools)
      if (tools.bwrap || tools.unshare) {
        expect(cut.isolation.join('\n')).toMatch(/no network \((bubblewrap|unshare)/)
        expect(cut.stdout).toContain('refused')
      } else {
        expect(cut.isolation.join('\n')).toMatch(/network NOT isolated/)
      }
    })
  })

  it('says plainly when no network isolation is available', () => {
    const w = wrapCommand('/bin/true', [], { tools: { bwrap: null, unshare: null, prlimit: null, sh: null }, workDir: '/tmp', timeoutS: 5, memoryMb: 100, network: false })
    expect(w.isolation).toEqual(expect.arrayContaining(['no memory limit: neither prlimit nor /bin/sh was found', 'network NOT isolated: no bubblewrap, and unshare --net is missing or not permitted here']))
    expect([w.file, ...w.args]).toEqual(['/bin/true'])
  })

  it('caps each stream at 1 MiB and says it was cut', async () => {
    const flood = join(dir, 'flood.sh')
    writeFileSync(flood, '#!/bin/sh\nhead -c 3000000 /dev/zero | tr "\\0" x\n')
    chmodSync(flood, 0o755)
    const r = await runProgram(flood, limits)
    expect(r.stdout.length).toBe(OUTPUT_CAP)
    expect(r.truncated).toBe(true)
  })
})
