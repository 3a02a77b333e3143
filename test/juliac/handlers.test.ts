// The juliac channels through the router, as the renderer calls them.
import { afterEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src-main/lib/log'
import { Router, type Handlers } from '../../src-main/router'
import { juliacHandlers } from '../../src-main/services/juliac/handlers'
import { makeService, makeWorkspace } from './helpers'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function setup(scenario?: string) {
  const root = makeWorkspace()
  const s = makeService(root, scenario ? { scenario } : {})
  cleanups.push(s.cleanup)
  const router = new Router(juliacHandlers(s.service, () => root) as unknown as Handlers, memoryLogger())
  return { root, router, ...s }
}

describe('juliac channels', () => {
  it('status, configs, build, history, artifacts, inspect, run, package, generate', async () => {
    const { router, service } = setup()
    expect(await router.dispatch('juliac:status', {})).toMatchObject({ ok: true, value: { found: true, version: '0.2.1', juliaVersion: '1.12.1', problem: null } })
    expect(await router.dispatch('juliac:configs', {})).toMatchObject({ ok: true, value: { exists: true, configs: [{ name: 'app' }], problems: [] } })
    const started = await router.dispatch('juliac:build', { config: 'app' })
    if (!started.ok) throw new Error(started.message)
    const { buildId } = started.value as { buildId: string }
    await service.wait(buildId)
    expect(await router.dispatch('juliac:history', {})).toMatchObject({ ok: true, value: [{ id: buildId, state: 'succeeded' }] })
    expect(await router.dispatch('juliac:artifacts', { buildId })).toMatchObject({ ok: true, value: { root: 'build/app' } })
    // The ELF report resolves the program's libraries against the bundle's lib folders.
    const elf = await router.dispatch('juliac:inspect', { path: 'build/app/bin/app' })
    expect(elf).toMatchObject({ ok: true, value: { path: 'build/app/bin/app', class: 'ELF64', missing: [] } })
    const needed = (elf as { value: { needed: { name: string; via: string | null }[] } }).value.needed
    expect(needed).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'libjulia.so.1.12', via: expect.stringMatching(/bundle|rpath/) })]))
    expect(await router.dispatch('juliac:inspect', { path: '../../etc/passwd' })).toMatchObject({ ok: false, code: 'OUTSIDE_WORKSPACE' })
    expect(await router.dispatch('juliac:run', { buildId, args: ['x'] })).toMatchObject({ ok: true, value: { exitCode: 0, timedOut: false } })
    expect(await router.dispatch('juliac:package', { buildId })).toMatchObject({ ok: true, value: { tarball: expect.stringMatching(/^dist\/app-0\.1\.0-/) } })
    expect(await router.dispatch('juliac:generate', { config: 'app', kind: 'docker' })).toMatchObject({ ok: true, value: { path: 'Dockerfile.app' } })
    expect(await router.dispatch('juliac:generate', { config: 'app', kind: 'docker' })).toMatchObject({ ok: false, code: 'EXISTS' })
    expect(await router.dispatch('juliac:log', { buildId })).toMatchObject({ ok: true, value: { truncated: false } })
  })

  it('a failed build has nothing to run, and a missing library shows in the ELF report', async () => {
    const { router, service } = setup('verifier-errors')
    const started = await router.dispatch('juliac:build', { config: 'app' })
    const { buildId } = (started as { value: { buildId: string } }).value
    await service.wait(buildId)
    expect(await router.dispatch('juliac:run', { buildId })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const lost = setup('missing-lib')
    const b = (await lost.router.dispatch('juliac:build', { config: 'app' })) as { value: { buildId: string } }
    await lost.service.wait(b.value.buildId)
    expect(await lost.router.dispatch('juliac:inspect', { path: 'build/app/bin/app' })).toMatchObject({ ok: true, value: { missing: ['libjulia.so.1.12'] } })
  })
})
