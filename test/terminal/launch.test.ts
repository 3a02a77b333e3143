// Programs other services run in a terminal tab of their own (the Julia REPL): launched with their
// own arguments and environment, restarted in place, their unexpected exit and the closing of
// their tab reported to the owner, their last output kept for crash reports.
import { describe, expect, it } from 'vitest'
import type { TerminalExit } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { silentLogger } from '../../src-main/lib/log'
import { TerminalService, type ProgramLaunch } from '../../src-main/services/terminal/terminal-service'
import { fakeSpawner } from './fake-pty'

const spec: ProgramLaunch = {
  kind: 'julia',
  file: '/usr/bin/env',
  args: ['julia', '-i'],
  env: { KILN_SOCKET: '/tmp/s', KILN_TOKEN: 'abc' },
  title: 'Julia REPL',
  cols: 100,
  rows: 30,
}

function setup() {
  const { spawn, ptys } = fakeSpawner()
  const exits: TerminalExit[] = []
  const emit: Emit = (event, payload) => {
    if (event === 'terminal:exit') exits.push(payload as TerminalExit)
  }
  const service = new TerminalService({ emit, log: silentLogger, cwd: () => process.cwd(), shell: () => '/bin/sh', spawn, env: { PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' } })
  const heard: string[] = []
  const watch = (id: string) => service.watch(id, { exit: (e) => heard.push(`exit ${e.exitCode}`), closed: () => heard.push('closed') })
  return { service, ptys, exits, heard, watch }
}

describe('launched programs', () => {
  it('runs the program with its arguments, its environment on top of the terminal one, and its kind and title', async () => {
    const t = setup()
    const info = await t.service.launch(spec)
    const p = t.ptys[0]
    expect(p?.file).toBe('/usr/bin/env')
    expect(p?.args).toEqual(['julia', '-i'])
    expect(p?.options).toMatchObject({ cols: 100, rows: 30 })
    expect(p?.options.env).toMatchObject({ KILN_SOCKET: '/tmp/s', KILN_TOKEN: 'abc', TERM: 'xterm-256color' })
    expect(p?.options.env.ELECTRON_RUN_AS_NODE).toBeUndefined()
    expect(info).toMatchObject({ kind: 'julia', title: 'Julia REPL', shell: '/usr/bin/env' })
    expect(t.service.list().map((i) => i.kind)).toEqual(['julia'])
    expect((await t.service.create(80, 24)).kind).toBe('shell')
  })

  it('keeps the last few KB of output', async () => {
    const t = setup()
    const { id } = await t.service.launch(spec)
    t.ptys[0]?.emitData('banner\n')
    for (let i = 0; i < 1000; i++) t.ptys[0]?.emitData(`line ${i}\n`)
    const tail = t.service.recentOutput(id)
    expect(tail.length).toBeGreaterThanOrEqual(4096)
    expect(tail.length).toBeLessThanOrEqual(8192)
    expect(tail).toMatch(/line 999\n$/)
    expect(tail).not.toContain('banner')
    const shell = await t.service.create(80, 24)
    expect(t.service.recentOutput(shell.id)).toBe('')
  })

  it('tells the owner of an exit it did not cause, and of the tab closing', async () => {
    const t = setup()
    const { id } = await t.service.launch(spec)
    t.watch(id)
    t.ptys[0]?.exit(7)
    expect(t.heard).toEqual(['exit 7'])
    expect(t.exits).toEqual([{ id, exitCode: 7, signal: null }])
    t.service.kill(id)
    expect(t.heard).toEqual(['exit 7', 'closed'])
  })

  it('relaunches in the same tab: the old process is hung up and its exit is not reported', async () => {
    const t = setup()
    const { id } = await t.service.launch(spec)
    t.watch(id)
    t.ptys[0]?.emitData('old output')
    const again = await t.service.relaunch(id, { ...spec, args: ['julia', '-i', '--threads=4'] }, 100)
    expect(again.id).toBe(id)
    expect(t.ptys[0]?.signals).toEqual(['SIGHUP'])
    expect(t.ptys[1]?.args).toEqual(['julia', '-i', '--threads=4'])
    expect(t.service.recentOutput(id)).toBe('')
    expect(t.heard).toEqual([])
    expect(t.service.list()).toHaveLength(1)
  })

  it('SIGKILLs a program that ignores the hang-up when relaunching or terminating', async () => {
    const t = setup()
    const { id } = await t.service.launch(spec)
    t.ptys[0]?.diesOn.delete('SIGHUP')
    await t.service.relaunch(id, spec, 50)
    expect(t.ptys[0]?.signals).toEqual(['SIGHUP', 'SIGKILL'])
    t.watch(id)
    t.ptys[1]?.diesOn.delete('SIGHUP')
    await t.service.terminate(id, 50)
    expect(t.ptys[1]?.signals).toEqual(['SIGHUP', 'SIGKILL'])
    expect(t.heard).toEqual(['exit 0']) // terminate's exit is reported like any other
  })

  it('starts nothing when the tab is closed while the old process is dying', async () => {
    const t = setup()
    const { id } = await t.service.launch(spec)
    t.ptys[0]?.diesOn.delete('SIGHUP')
    const relaunch = t.service.relaunch(id, spec, 50)
    t.service.kill(id)
    await expect(relaunch).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(t.ptys).toHaveLength(1)
    expect(t.service.list()).toEqual([])
  })

  it('refuses terminal:restart for a launched program (its owner restarts it)', async () => {
    const t = setup()
    const { id } = await t.service.launch(spec)
    t.ptys[0]?.exit(1)
    await expect(t.service.restart(id, 80, 24)).rejects.toMatchObject({ code: 'UNSUPPORTED' })
  })
})
