import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventName, Events, Result } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { silentLogger } from '../../src-main/lib/log'
import { Router, type Handlers } from '../../src-main/router'
import { terminalHandlers } from '../../src-main/services/terminal/handlers'
import { TerminalService, type TerminalServiceOptions } from '../../src-main/services/terminal/terminal-service'
import { fakeSpawner, type FakePty } from './fake-pty'

type Sent = { [E in EventName]: { event: E; payload: Events[E] } }[EventName]

function setup(extra: Partial<TerminalServiceOptions> = {}) {
  const sent: Sent[] = []
  const emit: Emit = (event, payload) => void sent.push({ event, payload } as Sent)
  const { spawn, ptys } = fakeSpawner()
  const service = new TerminalService({
    emit,
    log: silentLogger,
    cwd: () => process.cwd(),
    shell: () => '/bin/bash',
    spawn,
    env: { PATH: '/usr/bin:/bin', HOME: '/home/u', ELECTRON_RUN_AS_NODE: '1', LANG: 'en_US.UTF-8' },
    ...extra,
  })
  const router = new Router(terminalHandlers(service) as unknown as Handlers, silentLogger)
  const call = (channel: string, args: unknown): Promise<Result<unknown>> => router.dispatch(channel, args)
  const data = (id: string) => sent.flatMap((s) => (s.event === 'terminal:data' && s.payload.id === id ? [s.payload.data] : []))
  const exits = () => sent.flatMap((s) => (s.event === 'terminal:exit' ? [s.payload] : []))
  const create = async () => {
    const r = await call('terminal:create', { cols: 80, rows: 24 })
    if (!r.ok) throw new Error(r.message)
    return r.value as { id: string; pid: number; title: string; shell: string; cwd: string }
  }
  return { service, ptys, sent, call, data, exits, create }
}

const pty = (ptys: FakePty[], i: number): FakePty => {
  const p = ptys[i]
  if (!p) throw new Error(`no pty ${i}`)
  return p
}

describe('TerminalService', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('starts the login shell at the workspace root with a terminal environment', async () => {
    const t = setup()
    const info = await t.create()
    const p = pty(t.ptys, 0)
    expect(info).toMatchObject({ id: 't1', title: 'bash', shell: '/bin/bash', pid: p.pid, cwd: process.cwd() })
    expect(p.file).toBe('/bin/bash')
    expect(p.args).toEqual(['-l'])
    expect(p.options).toMatchObject({ cols: 80, rows: 24, cwd: process.cwd() })
    expect(p.options.env).toMatchObject({ TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'kiln', LANG: 'en_US.UTF-8' })
    expect(p.options.env.ELECTRON_RUN_AS_NODE).toBeUndefined()
    expect((await t.create()).id).toBe('t2')
  })

  it('starts in the home folder when the workspace folder is gone', async () => {
    const t = setup({ cwd: () => '/definitely/not/here' })
    const info = await t.create()
    expect(info.cwd).not.toBe('/definitely/not/here')
  })

  it('refuses a configured shell that does not exist, with the setting named', async () => {
    const t = setup({ shell: () => '/no/such/shell' })
    const r = await t.call('terminal:create', { cols: 80, rows: 24 })
    expect(r).toMatchObject({ ok: false, code: 'PROCESS' })
    expect(!r.ok && r.message).toMatch(/terminal\.shell/)
    expect(t.ptys).toHaveLength(0)
  })

  it('reports a shell that fails to start; a terminal whose restart failed stays listed as exited', async () => {
    const fake = fakeSpawner()
    let fail = false
    const t = setup({
      spawn: (file, args, options) => {
        if (fail) throw new Error('fork failed')
        return fake.spawn(file, args, options)
      },
    })
    const { id } = await t.create()
    pty(fake.ptys, 0).exit(1)
    fail = true
    expect(await t.call('terminal:create', { cols: 80, rows: 24 })).toMatchObject({ ok: false, code: 'PROCESS' })
    expect(await t.call('terminal:restart', { id, cols: 80, rows: 24 })).toMatchObject({ ok: false, code: 'PROCESS' })
    const list = await t.call('terminal:list', {})
    expect(list.ok && list.value).toMatchObject([{ id, exit: { exitCode: 1 } }])
    fail = false
    expect(await t.call('terminal:restart', { id, cols: 80, rows: 24 })).toMatchObject({ ok: true, value: { id } })
  })

  it('coalesces output that arrives within a few milliseconds into one event', async () => {
    const t = setup()
    const { id } = await t.create()
    const p = pty(t.ptys, 0)
    p.emitData('hello ')
    p.emitData('world')
    expect(t.data(id)).toEqual([])
    vi.advanceTimersByTime(5)
    expect(t.data(id)).toEqual(['hello world'])
    p.emitData('again')
    vi.advanceTimersByTime(5)
    expect(t.data(id)).toEqual(['hello world', 'again'])
  })

  it('sends a batch that reaches the size cap at once instead of waiting for the timer', async () => {
    const t = setup({ flow: { highWatermark: 10_000_000 } })
    const { id } = await t.create()
    const p = pty(t.ptys, 0)
    p.emitData('x'.repeat(150_000))
    expect(t.data(id)).toEqual([])
    p.emitData('y'.repeat(60_000))
    expect(t.data(id).map((d) => d.length)).toEqual([210_000])
  })

  it('does not hold output back while paused, nor the first output after a resume', async () => {
    const t = setup({ flow: { highWatermark: 100_000, lowWatermark: 5_000 } })
    const { id } = await t.create()
    const p = pty(t.ptys, 0)
    p.emitData('y\n'.repeat(60_000))
    expect(p.paused).toBe(true)
    expect(t.data(id).map((d) => d.length)).toEqual([120_000]) // sent without waiting for the timer
    await t.call('terminal:ack', { id, chars: 120_000 })
    expect(p.paused).toBe(false)
    p.emitData('first')
    expect(t.data(id).slice(1)).toEqual(['first'])
    p.emitData('then')
    p.emitData(' batched')
    expect(t.data(id).slice(1)).toEqual(['first'])
    vi.advanceTimersByTime(5)
    expect(t.data(id).slice(1)).toEqual(['first', 'then batched'])
  })

  it('pauses the pty above the high watermark and resumes under the low one', async () => {
    const t = setup({ flow: { highWatermark: 100_000, lowWatermark: 5_000 } })
    const { id } = await t.create()
    const p = pty(t.ptys, 0)
    p.emitData('y\n'.repeat(40_000)) // 80,000 chars: under the high watermark
    vi.advanceTimersByTime(5)
    expect(p.paused).toBe(false)
    p.emitData('y\n'.repeat(15_000)) // 110,000 outstanding
    expect(p.paused).toBe(true)
    vi.advanceTimersByTime(5)
    expect(await t.call('terminal:ack', { id, chars: 80_000 })).toEqual({ ok: true, value: null })
    expect(p.paused).toBe(true) // 30,000 still outstanding
    await t.call('terminal:ack', { id, chars: 26_000 })
    expect(p.paused).toBe(false) // 4,000 < 5,000
    expect(p.pauses).toBe(1)
    expect(p.resumes).toBe(1)
  })

  it('delivers input (Ctrl-C) to a paused pty at once', async () => {
    const t = setup({ flow: { highWatermark: 100_000, lowWatermark: 5_000 } })
    const { id } = await t.create()
    const p = pty(t.ptys, 0)
    p.emitData('y\n'.repeat(60_000))
    expect(p.paused).toBe(true)
    expect(await t.call('terminal:input', { id, data: '\x03' })).toEqual({ ok: true, value: null })
    expect(p.written).toEqual(['\x03'])
  })

  it('passes resizes to the pty', async () => {
    const t = setup()
    const { id } = await t.create()
    await t.call('terminal:resize', { id, cols: 120, rows: 40 })
    expect(pty(t.ptys, 0).sizes).toEqual([[120, 40]])
  })

  it('emits the exit after the last output and keeps the terminal listed as exited', async () => {
    const t = setup()
    const { id } = await t.create()
    const p = pty(t.ptys, 0)
    p.emitData('bye\r\n')
    p.exit(3)
    expect(t.sent.map((s) => s.event)).toEqual(['terminal:data', 'terminal:exit'])
    expect(t.exits()).toEqual([{ id, exitCode: 3, signal: null }])
    const list = await t.call('terminal:list', {})
    expect(list.ok && list.value).toMatchObject([{ id, exit: { exitCode: 3 } }])
    expect(await t.call('terminal:input', { id, data: 'ls\r' })).toMatchObject({ ok: false, code: 'PROCESS' })
  })

  it('restarts an exited terminal with a fresh shell under the same id', async () => {
    const t = setup()
    const { id } = await t.create()
    pty(t.ptys, 0).exit(0)
    const r = await t.call('terminal:restart', { id, cols: 100, rows: 30 })
    const second = pty(t.ptys, 1)
    expect(r).toMatchObject({ ok: true, value: { id, pid: second.pid } })
    expect(second.options).toMatchObject({ cols: 100, rows: 30 })
    await t.call('terminal:input', { id, data: 'echo hi\r' })
    expect(second.written).toEqual(['echo hi\r'])
    second.emitData('hi')
    vi.advanceTimersByTime(5)
    expect(t.data(id)).toEqual(['hi'])
  })

  it('restarting a running terminal kills the old shell and drops its late output and exit', async () => {
    const t = setup()
    const { id } = await t.create()
    const first = pty(t.ptys, 0)
    first.emitData('y\n'.repeat(60_000)) // paused, 120,000 outstanding
    await t.call('terminal:restart', { id, cols: 80, rows: 24 })
    expect(first.signals).toEqual(['SIGHUP'])
    first.emitData('late')
    await vi.advanceTimersByTimeAsync(10)
    expect(t.data(id).join('')).not.toContain('late')
    expect(t.exits()).toEqual([]) // the old shell's exit is not this terminal's exit
    // Flow control starts over for the new shell: it is not paused by the old one's backlog.
    const second = pty(t.ptys, 1)
    second.emitData('fresh')
    expect(second.paused).toBe(false)
  })

  it('answers NOT_FOUND for ids it does not know', async () => {
    const t = setup()
    for (const [channel, args] of [
      ['terminal:input', { id: 'nope', data: 'x' }],
      ['terminal:resize', { id: 'nope', cols: 80, rows: 24 }],
      ['terminal:ack', { id: 'nope', chars: 1 }],
      ['terminal:restart', { id: 'nope', cols: 80, rows: 24 }],
      ['terminal:kill', { id: 'nope' }],
    ] as const) {
      expect(await t.call(channel, args)).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    }
  })

  it('kill hangs up the shell and forgets the terminal', async () => {
    const t = setup()
    const { id } = await t.create()
    await t.call('terminal:kill', { id })
    expect(pty(t.ptys, 0).signals).toEqual(['SIGHUP'])
    expect(await t.call('terminal:list', {})).toEqual({ ok: true, value: [] })
    expect(await t.call('terminal:input', { id, data: 'x' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('dispose kills every shell and stops all output', async () => {
    const t = setup()
    await t.create()
    await t.create()
    pty(t.ptys, 0).emitData('pending')
    t.service.dispose()
    await vi.advanceTimersByTimeAsync(10)
    expect(t.ptys.map((p) => p.signals)).toEqual([['SIGHUP'], ['SIGHUP']])
    expect(t.ptys.every((p) => p.exited && p.listenerCount === 0)).toBe(true)
    expect(t.sent).toEqual([])
    expect(await t.call('terminal:create', { cols: 80, rows: 24 })).toMatchObject({ ok: false, code: 'CANCELLED' })
  })

  it('shutdown SIGKILLs a shell that ignores the hang-up', async () => {
    vi.useRealTimers()
    const t = setup({ killGraceMs: 30 })
    await t.create()
    await t.create()
    const stubborn = pty(t.ptys, 1)
    stubborn.diesOn.delete('SIGHUP')
    await t.service.shutdown()
    expect(pty(t.ptys, 0).signals).toEqual(['SIGHUP'])
    expect(stubborn.signals).toEqual(['SIGHUP', 'SIGKILL'])
    expect(t.ptys.every((p) => p.exited)).toBe(true)
  })
})
