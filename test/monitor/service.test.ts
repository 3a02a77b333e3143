// MonitorService with its real worker thread (sampler-worker.ts under tsx): samples arrive and are
// kept, the rate follows visibility and the setting, a dying worker is restarted at most 5 times,
// and dispose leaves nothing running.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, MonitorSample, MonitorSource } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { toDisposable } from '../../src-main/lib/disposable'
import { monitorHandlers } from '../../src-main/services/monitor/handlers'
import { MonitorService, type MonitorServiceOptions } from '../../src-main/services/monitor/monitor-service'
import type { ProcessLabel } from '../../src-main/services/monitor/process-tree'

const FIXTURE = join(__dirname, '..', 'fixtures', 'sysfs-apu')

let services: MonitorService[] = []
let children: ChildProcess[] = []
let dirs: string[] = []
afterEach(async () => {
  await Promise.all(services.map((s) => s.shutdown()))
  for (const c of children) c.kill('SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  services = []
  children = []
  dirs = []
})

function setup(over: Partial<MonitorServiceOptions> = {}, intervalMs = 250) {
  const samples: MonitorSample[] = []
  const sources: MonitorSource[][] = []
  let interval = intervalMs
  const sinks = new Set<(e: EventName, p: unknown) => void>()
  const log = memoryLogger()
  const service = new MonitorService({
    settings: { getNumber: () => interval },
    emit: (event, payload) => {
      if (event === 'monitor:sample') samples.push(payload as MonitorSample)
      if (event === 'monitor:sources') sources.push(payload as MonitorSource[])
    },
    events: { subscribe: (sink) => (sinks.add(sink), toDisposable(() => sinks.delete(sink))) },
    log,
    ...over,
  })
  services.push(service)
  const setInterval = (ms: number): void => {
    interval = ms
    for (const s of sinks) s('settings:changed', {})
  }
  return { service, samples, sources, log, setInterval, sinks }
}

const waitFor = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('MonitorService', () => {
  it('samples in its worker at the set rate while visible, and keeps them for snapshots', async () => {
    const { service, samples, sources } = setup()
    const handlers = monitorHandlers(service)
    expect(await handlers['monitor:visible']({ visible: true })).toEqual({ ok: true, value: null })
    await waitFor(() => samples.length >= 5)
    // ~250 ms apart (the first tick, which measures its own CPU window and waits for the tools' first answers, aside).
    const gaps = samples.slice(2).map((s, i) => s.t - samples[i + 1]!.t)
    for (const g of gaps) expect(g).toBeGreaterThan(150), expect(g).toBeLessThan(1500)
    const snap = await handlers['monitor:snapshot']({})
    if (!snap.ok) throw new Error(snap.message)
    expect(snap.value.intervalMs).toBe(250)
    expect(snap.value.samples.length).toBeGreaterThanOrEqual(4)
    expect(snap.value.samples.map((s) => s.t)).toEqual([...snap.value.samples.map((s) => s.t)].sort((a, b) => a - b))
    const since = snap.value.samples[1]!.t
    const later = service.snapshot(since)
    expect(later.samples.every((s) => s.t > since)).toBe(true)
    expect(later.samples.slice(0, snap.value.samples.length - 2)).toEqual(snap.value.samples.slice(2))
    expect(sources.at(-1)!.find((s) => s.id === 'proc')).toMatchObject({ state: 'ok' })
    expect(samples[0]!.cpu.perCore.length).toBeGreaterThan(0)
    // The inventory comes from systeminformation in the worker, after the first samples.
    await waitFor(() => service.snapshot().inventory !== null, 15_000)
    expect(service.snapshot().inventory!.cores).toBeGreaterThan(0)
  }, 30_000)

  it('slows to 5 s when no view is visible, and comes back at once when one is', async () => {
    const { service, samples } = setup()
    service.visible(true)
    await waitFor(() => samples.length >= 2)
    service.visible(false)
    await sleep(300) // a tick in flight may still land
    const n = samples.length
    await sleep(1500)
    expect(samples.length - n).toBe(0)
    service.visible(true)
    await waitFor(() => samples.length >= n + 2, 3000)
  }, 20_000)

  it('starts slow for the status bar before any view is visible', async () => {
    const { service, samples } = setup()
    service.start()
    await waitFor(() => samples.length >= 1)
    await sleep(1500)
    expect(samples.length).toBe(1)
  }, 20_000)

  it('follows a change of monitor.intervalMs: the rate and a ring for ten minutes at it', async () => {
    const { service, samples, setInterval } = setup({}, 2000)
    service.visible(true)
    await waitFor(() => samples.length >= 1)
    setInterval(250)
    expect(service.snapshot().intervalMs).toBe(250)
    const n = samples.length
    await waitFor(() => samples.length >= n + 3, 4000)
    expect(service.snapshot().samples.length).toBe(samples.length) // kept across the rebuild
  }, 20_000)

  it("names Kiln's children by the services' labels", async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' })
    children.push(child)
    const labels = new Map<number, ProcessLabel>([[child.pid!, { kind: 'julia', label: 'Julia REPL' }]])
    const { service, samples } = setup({ labels: () => labels })
    service.visible(true)
    await waitFor(() => samples.some((s) => s.processes.some((p) => p.pid === child.pid)))
    expect(samples.at(-1)!.processes.find((p) => p.pid === child.pid)).toMatchObject({ kind: 'julia', label: 'Julia REPL', count: 1 })
    // A label that changes later reaches the worker.
    labels.set(child.pid!, { kind: 'tests', label: 'Julia tests' })
    await waitFor(() => samples.at(-1)!.processes.find((p) => p.pid === child.pid)?.kind === 'tests', 3000)
  }, 20_000)

  it('replays the recorded APU through the worker', async () => {
    const { service, samples } = setup({ replay: { sysfs: join(FIXTURE, 'sys'), proc: join(FIXTURE, 'proc') } })
    service.visible(true)
    await waitFor(() => samples.length >= 1)
    expect(samples[0]!.gpus[0]).toMatchObject({ id: 'card1', apu: true, gttUsed: 20 * 2 ** 30, gttTotal: 124 * 2 ** 30 })
    await waitFor(() => service.snapshot().sources.some((s) => s.id === 'systeminformation'))
    expect(service.snapshot().inventory).toBeNull() // not this machine's
  }, 20_000)

  it('restarts a worker that dies, at most 5 times, then says so as a failing source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-monitor-'))
    dirs.push(dir)
    const crash = join(dir, 'crash.js')
    writeFileSync(crash, "throw new Error('sampler exploded')\n")
    const { service, sources, log } = setup({ workerFile: crash, restartDelayMs: () => 20 })
    service.visible(true)
    await waitFor(() => sources.some((list) => list.some((s) => s.id === 'proc' && s.state === 'failing')))
    const proc = sources.at(-1)!.find((s) => s.id === 'proc')!
    expect(proc.message).toBe('the sampler stopped 6 times, last: sampler exploded; restart Kiln to try again')
    expect(log.lines.filter((l) => l.includes('restart ')).length).toBe(5)
    service.visible(false) // a view asking again does not start another round
    service.snapshot()
    await sleep(200)
    expect(log.lines.filter((l) => l.includes('restart ')).length).toBe(5)
    expect(log.lines.filter((l) => l.includes('sampler exploded')).length).toBe(6)
  }, 20_000)

  it('shutdown ends the worker: no sample after it', async () => {
    const { service, samples } = setup()
    service.visible(true)
    await waitFor(() => samples.length >= 1)
    const worker = service.workerThread!
    let exited = false
    worker.once('exit', () => (exited = true))
    await service.shutdown()
    expect(exited).toBe(true)
    const n = samples.length
    await sleep(600)
    expect(samples.length).toBe(n)
    service.visible(true) // after shutdown: does not start again
    await sleep(300)
    expect(service.workerThread).toBeNull()
  }, 20_000)
})
