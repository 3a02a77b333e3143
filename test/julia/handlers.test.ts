// The julia:* channels through the router: typed results, never throws.
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src-main/lib/log'
import { Router, type Handlers } from '../../src-main/router'
import { juliaHandlers, type TestRunnerLike } from '../../src-main/services/julia/handlers'
import { harness, type Harness } from './service-helpers'

let h: Harness | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
})

async function setup(tests: TestRunnerLike | null = null, settings: Record<string, string> = {}) {
  h = await harness({ settings })
  const router = new Router(juliaHandlers(h.julia, tests) as unknown as Handlers, silentLogger)
  return { h, call: (ch: string, args: unknown = {}) => router.dispatch(ch, args) }
}

describe('julia handlers', () => {
  it('answers the status of a missing Julia, and a typed error when asked to start it', async () => {
    const { call } = await setup(null, { 'julia.executablePath': '' })
    expect(await call('julia:status')).toMatchObject({ ok: true, value: { state: 'missing', problem: { fix: expect.stringContaining('juliaup') } } })
    expect(await call('julia:start', { cols: 80, rows: 24 })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await call('julia:interrupt')).toMatchObject({ ok: false, code: 'PROCESS' })
  })

  it('evaluates through the channel, refusing paths outside the workspace', async () => {
    const { call } = await setup()
    expect(await call('julia:eval', { code: '1 + 1' })).toMatchObject({ ok: true, value: { ok: true, text: '2' } })
    expect(await call('julia:eval', { code: '1', path: '../x.jl' })).toMatchObject({ ok: false, code: 'OUTSIDE_WORKSPACE' })
    expect(await call('julia:pkg', { op: 'add', packages: ['Foo; run(`rm -rf ~`)'] })).toMatchObject({ ok: false, code: 'INVALID_ARGS' })
  })

  it('lists and reads environments', async () => {
    const { call } = await setup()
    const envs = await call('julia:environments')
    expect(envs).toMatchObject({ ok: true, value: { active: '', environments: expect.arrayContaining([expect.objectContaining({ key: '', kind: 'workspace' }), expect.objectContaining({ key: '@v1.12', kind: 'shared' })]) } })
    expect(await call('julia:environment', {})).toMatchObject({ ok: true, value: { key: '', name: 'Demo', projectFile: 'Project.toml', manifestMissing: true } })
  })

  it('answers UNSUPPORTED for test runs without a test runner, and delegates to one', async () => {
    const plain = await setup()
    expect(await plain.call('julia:testRun')).toMatchObject({ ok: false, code: 'UNSUPPORTED' })
    expect(await plain.call('julia:testCancel', { runId: 'r1' })).toMatchObject({ ok: false, code: 'UNSUPPORTED' })
    await h?.dispose()
    const cancelled: string[] = []
    const withRunner = await setup({ run: async () => ({ runId: 'r9' }), cancel: (id) => void cancelled.push(id) })
    expect(await withRunner.call('julia:testRun')).toEqual({ ok: true, value: { runId: 'r9' } })
    expect(await withRunner.call('julia:testCancel', { runId: 'r9' })).toEqual({ ok: true, value: null })
    expect(cancelled).toEqual(['r9'])
  })
})
