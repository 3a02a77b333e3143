// The supervisor against a stand-in server (test/fixtures/inference-crash/fake-server.js): load
// progress, ready, stop, crash and restart with backoff, the restart limit, a model that never
// loads, stop escalation and the load time limit.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LOG_CAP, LogBatcher, LogRing } from '../../src-main/services/inference/log-ring'
import { redactKey } from '../../src-main/services/inference/server-args'
import { ServerSupervisor, type SupervisorOptions, type SupervisorSnapshot } from '../../src-main/services/inference/supervisor'

const FAKE = join(__dirname, '..', 'fixtures', 'inference-crash', 'fake-server.js')
const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function supervise(env: Record<string, string> = {}, over: Partial<SupervisorOptions> = {}) {
  const snapshots: SupervisorSnapshot[] = []
  let log = ''
  const waiters: (() => void)[] = []
  const sup = new ServerSupervisor({
    healthPollMs: 50,
    backoffMs: 50,
    killGraceMs: 1_000,
    command: (listen) => {
      const args = [FAKE, '--host', listen.host, '--port', String(listen.port), '--api-key', listen.apiKey]
      return { file: process.execPath, args, env: { ...process.env, ...env }, display: redactKey([process.execPath, ...args], listen.apiKey) }
    },
    onChange: (s) => {
      snapshots.push(s)
      for (const w of waiters.splice(0)) w()
    },
    onLog: (t) => void (log += t),
    ...over,
  })
  cleanups.push(() => sup.stop())
  const until = (pred: (s: SupervisorSnapshot) => boolean, ms = 8_000): Promise<SupervisorSnapshot> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; states: ${snapshots.map((s) => s.state).join(' ')}; last: ${JSON.stringify(sup.snapshot)}`)), ms)
      const check = (): void => {
        const hit = snapshots.find(pred)
        if (hit) {
          clearTimeout(timer)
          resolve(hit)
        } else waiters.push(check)
      }
      check()
    })
  return { sup, snapshots, until, log: () => log }
}

describe('ServerSupervisor', () => {
  it('starts, reports load progress, becomes ready, and stop ends the process', async () => {
    const { sup, snapshots, until, log } = supervise()
    await sup.start()
    const ready = await until((s) => s.state === 'ready')
    const states = snapshots.map((s) => s.state)
    expect(states[0]).toBe('starting')
    expect(states).toContain('loading')
    const progress = snapshots.map((s) => s.progress).filter((p): p is number => p !== null)
    expect(progress).toEqual([0.25, 0.5, 0.75, 1].filter((p) => progress.includes(p)))
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(ready.loadMs).toBeGreaterThanOrEqual(250)
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.apiKey).toMatch(/^[0-9a-f]{64}$/)
    expect(ready.command?.join(' ')).toContain('--api-key ***')
    expect(ready.command?.join(' ')).not.toContain(ready.apiKey!)
    expect((await fetch(`${ready.url}/health`)).status).toBe(200)
    expect(log()).toContain('kiln-engine: loading model 50%')
    expect(log()).not.toContain(ready.apiKey!)

    await sup.stop()
    expect(sup.snapshot).toMatchObject({ state: 'stopped', pid: null, url: null })
    expect(alive(ready.pid!)).toBe(false)
    expect(log()).toMatch(/the server exited with code 0/)
  })

  it('restarts a crashed server with backoff on a new port and key, then fails after the sixth crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-sup-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const pids = join(dir, 'pids')
    const { sup, snapshots, until } = supervise({ FAKE_LOAD_MS: '40', FAKE_PID_FILE: pids }, { backoffMs: 40 })
    await sup.start()
    let ready = await until((s) => s.state === 'ready')
    for (let crash = 1; crash <= 5; crash++) {
      const before = snapshots.length
      const t0 = performance.now()
      process.kill(ready.pid!, 'SIGKILL')
      const crashed = await until((s) => snapshots.indexOf(s) >= before && s.state === 'crashed')
      expect(crashed.restarts).toBe(crash)
      expect(crashed.message).toMatch(new RegExp(`killed by SIGKILL; restarting in \\d+ ms \\(${crash} of 5\\)`))
      const next = await until((s) => snapshots.indexOf(s) >= before && s.state === 'ready')
      expect(performance.now() - t0).toBeGreaterThanOrEqual(40 * 2 ** (crash - 1))
      expect(next.pid).not.toBe(ready.pid)
      expect(next.apiKey).not.toBe(ready.apiKey)
      ready = next
    }
    process.kill(ready.pid!, 'SIGKILL')
    const failed = await until((s) => s.state === 'failed')
    expect(failed.message).toMatch(/^crashed 6 times; press Restart/)
    expect(failed.pid).toBeNull()
    await new Promise((r) => setTimeout(r, 400))
    expect(readFileSync(pids, 'utf8').trim().split('\n')).toHaveLength(6)
    expect(sup.snapshot.state).toBe('failed')
  })

  it('a server that exits before it was ever ready fails at once with its error, without restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-sup-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const pids = join(dir, 'pids')
    const { sup, until } = supervise({ FAKE_FAIL: 'failed to load model: tensor data is not within the file bounds', FAKE_PID_FILE: pids })
    await sup.start()
    const failed = await until((s) => s.state === 'failed')
    expect(failed.message).toBe('failed to load model: tensor data is not within the file bounds (the server exited with code 1 before it was ready)')
    expect(failed.restarts).toBe(0)
    await new Promise((r) => setTimeout(r, 300))
    expect(readFileSync(pids, 'utf8').trim().split('\n')).toHaveLength(1)
  })

  it('stop escalates to SIGKILL when the server ignores SIGTERM', async () => {
    const { sup, until } = supervise({ FAKE_IGNORE_TERM: '1', FAKE_LOAD_MS: '40' }, { killGraceMs: 300 })
    await sup.start()
    const ready = await until((s) => s.state === 'ready')
    const t0 = performance.now()
    await sup.stop()
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280)
    expect(alive(ready.pid!)).toBe(false)
    expect(sup.snapshot.state).toBe('stopped')
  })

  it('a model that takes longer than the load limit fails and its process is ended', async () => {
    const { sup, until } = supervise({ FAKE_LOAD_MS: '60000' }, { loadTimeoutMs: 400, killGraceMs: 300 })
    await sup.start()
    const loading = await until((s) => s.state === 'loading')
    const failed = await until((s) => s.state === 'failed')
    expect(failed.message).toBe('the model did not load within 400 ms; see the log')
    await until((s) => s.state === 'failed' && s.pid === null)
    expect(alive(loading.pid!)).toBe(false)
  })

  it('a program that does not exist fails with a clear message', async () => {
    const { sup, until } = supervise({}, { command: () => ({ file: '/nonexistent/llama-server', args: [], env: process.env, display: ['/nonexistent/llama-server'] }) })
    await sup.start()
    const failed = await until((s) => s.state === 'failed')
    expect(failed.message).toBe('could not start the server: /nonexistent/llama-server does not exist')
  })
})

describe('the server log', () => {
  it('keeps the last 512 KB from a line start and says it was cut', () => {
    const ring = new LogRing()
    const line = (i: number): string => `srv  line ${String(i).padStart(6, '0')} ${'x'.repeat(80)}\n`
    for (let i = 0; i < 10_000; i++) ring.append(line(i))
    const text = ring.text()
    expect(ring.truncated).toBe(true)
    expect(text.length).toBeLessThanOrEqual(LOG_CAP)
    expect(text.length).toBeGreaterThan(LOG_CAP - 200)
    expect(text.startsWith('srv  line ')).toBe(true)
    expect(text.endsWith(line(9_999))).toBe(true)
  })

  it('sends a flood of output as a few batches, nothing lost or reordered', async () => {
    const sent: string[] = []
    const batcher = new LogBatcher((t) => sent.push(t), 50)
    let all = ''
    for (let i = 0; i < 1_000; i++) {
      const chunk = `line ${i}\n`
      all += chunk
      batcher.push(chunk)
    }
    expect(sent).toEqual([])
    await new Promise((r) => setTimeout(r, 80))
    batcher.push('last\n')
    batcher.dispose()
    expect(sent.length).toBe(2)
    expect(sent.join('')).toBe(`${all}last\n`)
  })
})
