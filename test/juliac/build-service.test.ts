// The build service end to end with the juliac double standing in for juliac: the same code path
// (discovery through the setting, a supervised child, the log reader, history) that a real
// juliac takes.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BuildRecord } from '../../src-preload/contract'
import { artifactReport } from '../../src-main/services/juliac/outputs'
import { config, makeService, makeWorkspace } from './helpers'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})
function setup(opts: Parameters<typeof makeService>[1] = {}) {
  const root = makeWorkspace()
  const s = makeService(root, opts)
  cleanups.push(s.cleanup)
  return { root, ...s }
}
const build = async (s: ReturnType<typeof setup>, opts: { force?: boolean; trim?: 'unsafe-warn' } = {}): Promise<BuildRecord> =>
  s.service.wait((await s.service.start('app', opts)).buildId)

describe('BuildService with the juliac double', () => {
  it('builds, streams the log, measures, and records the artifact', async () => {
    // Paced like a (very fast) real build, so that the tree is sampled while it runs.
    const s = setup({ env: { KILN_JULIAC_DELAY: '0.3' } })
    const r = await build(s)
    expect(r).toMatchObject({ state: 'succeeded', phase: 'done', attempt: 1, artifact: 'build/app/bin/app', outputDir: 'build/app', errors: 0 })
    expect(existsSync(join(s.root, 'build/app/bin/app'))).toBe(true)
    const m = r.metrics!
    expect(m.wallMs).toBeGreaterThan(0)
    expect(m.cpuMs).not.toBeNull()
    expect(m.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024) // the double is a Node process
    expect(m.outputBytes).toBeGreaterThan(0)
    expect(m.juliaVersion).toBe('1.12.1')
    expect(m.flags).toEqual(['--output-exe', 'app', '--bundle', 'build/app', '--trim=safe', '--experimental', '--project', '.', 'src/App.jl'])
    // Live: log batches, and records from 'queued' through the phases to the end.
    expect(s.events.of('juliac:log').map((e) => e.data).join('')).toMatch(/Compiling/)
    const phases = s.events.of('juliac:build').map((b) => b.phase)
    expect(phases[0]).toBe('queued')
    expect(phases).toContain('compiling')
    expect(phases.at(-1)).toBe('done')
    const log = await s.service.logOf(r.id)
    expect(log.text).toMatch(/Compiling/)
    const report = await artifactReport(s.root, s.service.history(), r.id)
    expect(report.entries.map((e) => `${e.kind} ${e.path}`)).toEqual(
      expect.arrayContaining(['exe bin/app', 'lib lib/libjulia.so.1.12', 'julia-lib lib/julia/libjulia-internal.so.1.12']),
    )
    expect(report.sizes.total).toBe(m.outputBytes)
    expect(report.diff).toBeNull()
    expect((await s.service.records()).map((x) => x.id)).toEqual([r.id])
  })

  it('fails with diagnostics mapped into the workspace and offers the unsafe-warn build', async () => {
    const s = setup({ scenario: 'verifier-errors' })
    const r = await build(s)
    expect(r.state).toBe('failed')
    expect(r.suggestion).toBe('unsafe-warn')
    expect(r.errors).toBeGreaterThan(0)
    expect(r.diagnostics.length).toBeGreaterThan(0)
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', index: 1 })
    expect(r.message).toMatch(/trim verification found \d+ error/)
    // The unsafe-warn override builds once with that mode, reporting the problems and linking.
    const again = await build(s, { trim: 'unsafe-warn' })
    expect(again.metrics!.flags).toContain('--trim=unsafe-warn')
    expect(again.state).toBe('succeeded')
    expect(again.diagnostics.length).toBeGreaterThan(0)
    // The success still says what unsafe-warn let through.
    expect(again.message).toMatch(/unsafe-warn reported \d+ verifier errors?.*fail if they are reached/)
  })

  it('skips an unchanged build, rebuilds when a source changes or when forced', async () => {
    const s = setup()
    const first = await build(s)
    const skipped = await build(s)
    expect(skipped).toMatchObject({ state: 'skipped', artifact: first.artifact, metrics: null })
    expect(skipped.message).toMatch(/nothing changed/)
    const report = await artifactReport(s.root, s.service.history(), skipped.id)
    expect(report.buildId).toBe(skipped.id)
    expect(report.entries.length).toBeGreaterThan(0)
    writeFileSync(join(s.root, 'src', 'App.jl'), `${readApp()}\n# changed\n`)
    expect((await build(s)).state).toBe('succeeded')
    const forced = await build(s, { force: true })
    expect(forced.state).toBe('succeeded')
    const diff = (await artifactReport(s.root, s.service.history(), forced.id)).diff
    expect(diff).toMatchObject({ added: [], removed: [] })
  })

  it('cancels a juliac that hangs: the whole group goes, the record says cancelled', async () => {
    const s = setup({ scenario: 'hang' })
    const { buildId } = await s.service.start('app')
    await waitFor(() => s.events.of('juliac:log').some((e) => e.data.includes('Compiling')))
    const t0 = performance.now()
    s.service.cancel(buildId)
    const r = await s.service.wait(buildId)
    expect(r.state).toBe('cancelled')
    expect(performance.now() - t0).toBeLessThan(3000)
    // juliac's "signal 2: Interrupt" is the cancel itself, not a problem to list.
    expect((await s.service.logOf(buildId)).text).toMatch(/signal 2: Interrupt/)
    expect(r).toMatchObject({ diagnostics: [], errors: 0, warnings: 0 })
    await expect(s.service.start('app')).resolves.toBeTruthy() // no longer busy
  })

  it('says when the bundle lacks a library its program needs', async () => {
    const s = setup({ scenario: 'missing-lib' })
    const r = await build(s)
    expect(r.state).toBe('succeeded')
    expect(r.message).toMatch(/the bundle lacks libjulia\.so\.1\.12 \(needed by build\/app\/bin\/app\): the program will not start/)
  })

  it('stops a build that runs past the time limit', async () => {
    const s = setup({ scenario: 'hang', timeoutMs: 500 })
    const r = await build(s)
    expect(r.state).toBe('failed')
    expect(r.message).toMatch(/time limit/)
    expect(r.suggestion).toBe('retry')
  })

  it('retries an out-of-memory kill by itself, three attempts in all', async () => {
    const s = setup({ scenario: 'oom-kill' })
    const r = await build(s)
    expect(r).toMatchObject({ state: 'failed', attempt: 3, signal: 'SIGKILL', suggestion: 'retry' })
    expect(r.message).toMatch(/in all 3 attempts/)
    // The `Error #1: ` cut short by the kill is not listed as a problem.
    expect(r).toMatchObject({ diagnostics: [], errors: 0, warnings: 0 })
    expect((await s.service.logOf(r.id)).text).toMatch(/attempt 3 of 3/)
    expect(new Set(s.events.of('juliac:build').map((b) => b.attempt))).toEqual(new Set([1, 2, 3]))
  })

  it('says clearly what is wrong with a missing juliac, entry or a broken configuration', async () => {
    const s = setup({ juliac: '/nonexistent/juliac' })
    await expect(s.service.start('app')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/juliac.executablePath/) })
    const ok = setup()
    await expect(ok.service.start('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no build configuration named "nope".*valid: app/) })
    writeFileSync(join(ok.root, '.kiln/builds.json'), JSON.stringify({ builds: [config({ entry: 'src/Missing.jl' })] }))
    await expect(ok.service.start('app')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/src\/Missing.jl, does not exist/) })
    writeFileSync(join(ok.root, '.kiln/builds.json'), '{ "builds": [')
    await expect(ok.service.start('app')).rejects.toMatchObject({ code: 'INVALID_ARGS', message: expect.stringMatching(/not valid JSON: line 1/) })
    expect(await ok.service.records()).toEqual([])
  })
})

function readApp(): string {
  return 'module App\nfunction (@main)(ARGS)\n    println(Core.stdout, "hello again")\n    return 0\nend\nend\n'
}

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
