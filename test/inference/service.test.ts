// InferenceService with the real embedded engine (`node bin/kiln.js engine`, built into
// $KILN_OUT_DIR or out/) on the tiny model the tests write: load progress, ready, a completion
// with timings, slots, stop; SIGKILL → crashed → restarted; a model the engine cannot load fails
// with the engine's own words; and llama-server (the stand-in) gets Kiln's argument vector.
// The restart limit is tested with a stand-in server (supervisor.test.ts, handlers.test.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Events, InferenceStatus } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { encodeGguf } from '../../src-main/services/inference/gguf/write'
import { InferenceService } from '../../src-main/services/inference/inference-service'
import { SettingsService } from '../../src-main/services/settings/settings-service'

const ROOT = join(__dirname, '..', '..')
const OUT = process.env.KILN_OUT_DIR ?? 'out'
const STANDIN = join(ROOT, 'test', 'fixtures', 'llama-server-standin', 'llama-server')
const tmp = mkdtempSync(join(tmpdir(), 'kiln-inference-svc-'))
const model = join(tmp, 'tiny.gguf')

beforeAll(() => {
  const cli = join(ROOT, OUT, 'main', 'cli.js')
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (KILN_OUT_DIR=${OUT} npx electron-vite build)`)
  writeFileSync(model, encodeGguf(tinyLlamaSpec()))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

type Harness = { service: InferenceService; statuses: InferenceStatus[]; until: (pred: (s: InferenceStatus) => boolean, from?: number, ms?: number) => Promise<InferenceStatus> }
const live: { settings: SettingsService; service: InferenceService }[] = []
afterEach(async () => {
  for (const { settings, service } of live.splice(0)) {
    await service.shutdown()
    service.dispose()
    settings.dispose()
  }
})

function harness(userSettings: Record<string, unknown> = { 'inference.engine': 'embedded' }, env: NodeJS.ProcessEnv = {}): Harness {
  const userDataDir = mkdtempSync(join(tmp, 'user-'))
  writeFileSync(join(userDataDir, 'settings.json'), JSON.stringify(userSettings))
  const statuses: InferenceStatus[] = []
  const waiters = new Set<() => void>()
  const emit: Emit = (event, payload) => {
    if (event !== 'inference:status') return
    statuses.push(payload as Events['inference:status'])
    for (const w of [...waiters]) w()
  }
  const log = memoryLogger()
  const settings = new SettingsService({ userDataDir, emit, log, pollMs: 60_000 })
  const service = new InferenceService({
    settings, emit, log, userDataDir,
    env: { ...process.env, KILN_OUT_DIR: OUT, ...env },
    embeddedCommand: () => ({ file: process.execPath, args: [join(ROOT, 'bin', 'kiln.js'), 'engine'] }),
    timing: { healthPollMs: 50, backoffMs: 20, killGraceMs: 2_000 },
    slotsPollMs: 100,
  })
  live.push({ settings, service })
  const until = (pred: (s: InferenceStatus) => boolean, from = 0, ms = 15_000): Promise<InferenceStatus> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`timed out; states: ${statuses.map((s) => s.state).join(' ')}; last message: ${statuses.at(-1)?.message}`))
      }, ms)
      const check = (): void => {
        const hit = statuses.slice(from).find(pred)
        if (!hit) return
        clearTimeout(timer)
        waiters.delete(check)
        resolve(hit)
      }
      waiters.add(check)
      check()
    })
  return { service, statuses, until }
}

const opts = { contextSize: 256, gpuLayers: 0, flashAttention: 'auto' as const, parallel: 1, threads: 1 }
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('InferenceService with the embedded engine', () => {
  it('loads with progress, answers a completion with timings, shows slots, and stops', async () => {
    const { service, statuses, until } = harness()
    await service.start({ path: model, ...opts })
    const ready = await until((s) => s.state === 'ready')
    const progress = statuses.filter((s) => s.state === 'loading' && s.progress !== null).map((s) => s.progress!)
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(ready).toMatchObject({ engine: 'embedded', model: { path: model, name: 'kiln-tiny-llama' }, restarts: 0, message: null })
    expect(ready.loadMs).toBeGreaterThan(0)

    const r = await service.complete('the', 8)
    expect(typeof r.text).toBe('string')
    expect(r.timings?.predictedN).toBeGreaterThan(0)
    expect(r.timings?.promptPerSecond).toBeGreaterThan(0)
    const withTimings = await until((s) => s.timings !== null)
    expect(withTimings.timings?.predictedN).toBe(r.timings?.predictedN)
    const withSlots = await until((s) => s.slots.length > 0)
    expect(withSlots.slots[0]).toMatchObject({ id: 0, nCtx: 256 })

    const stopped = await service.stop()
    expect(stopped).toMatchObject({ state: 'stopped', pid: null, url: null, slots: [], model: { path: model, name: 'kiln-tiny-llama' } })
    expect(alive(ready.pid!)).toBe(false)

    await expect(service.complete('the', 4)).rejects.toThrow(/no model is running/)
  })

  it('restarts the engine after SIGKILL on a new port and key; the client follows', async () => {
    const { service, statuses, until } = harness()
    await service.start({ path: model, ...opts })
    const first = await until((s) => s.state === 'ready')
    const mark = statuses.length
    process.kill(first.pid!, 'SIGKILL')
    const crashed = await until((s) => s.state === 'crashed', mark)
    expect(crashed.message).toMatch(/^the server was killed by SIGKILL; restarting in 20 ms \(1 of 5\)$/)
    const again = await until((s) => s.state === 'ready', mark)
    expect(again.pid).not.toBe(first.pid)
    expect(again.url).not.toBe(first.url)
    expect(again.restarts).toBe(1)
    expect((await service.complete('the', 4)).timings?.predictedN).toBeGreaterThan(0) // the client follows the new port and key
  })

  it('a model the engine cannot load fails with the engine’s error (no restarts); a cut-short file is refused before any spawn', async () => {
    const { service, statuses, until } = harness()
    const cut = join(tmp, 'cut.gguf')
    writeFileSync(cut, encodeGguf(tinyLlamaSpec()))
    truncateSync(cut, 300_000) // the tensor data is cut short: Kiln's own header reader sees it
    await expect(service.start({ path: cut, ...opts })).rejects.toThrow(/cut\.gguf: not a valid GGUF file: truncated: tensor .* past the end of the 300000-byte file/)
    expect(statuses).toEqual([])

    const spec = tinyLlamaSpec()
    const broken = join(tmp, 'no-heads.gguf')
    writeFileSync(broken, encodeGguf({ ...spec, metadata: spec.metadata.filter(([k]) => k !== 'llama.attention.head_count') }))
    await service.start({ path: broken, ...opts })
    const failed = await until((s) => s.state === 'failed')
    expect(failed.message).toMatch(/no-heads\.gguf: the model lacks the required key llama\.attention\.head_count \(the server exited with code 1 before it was ready\)$/)
    expect(failed.restarts).toBe(0)
    expect(statuses.filter((s) => s.state === 'starting')).toHaveLength(1)
    expect(service.logText().text).toMatch(/kiln-engine: error: .*no-heads\.gguf: the model lacks/)
    // Kiln carries on: the next start works.
    const at = statuses.length
    await service.start({ path: model, ...opts })
    await until((s) => s.state === 'ready', at)
  })
})

describe('InferenceService with llama-server', () => {
  it('runs the configured llama-server with Kiln’s argument vector and reaches ready', async () => {
    expect(existsSync(STANDIN)).toBe(true)
    const record = join(tmp, 'argv.json')
    const emptyPath = join(tmp, 'no-bin')
    mkdirSync(emptyPath, { recursive: true })
    const { service, until } = harness(
      { 'inference.llamaServerPath': STANDIN, 'inference.extraArgs': '--alias "tiny one"' },
      { KILN_LLAMA_RECORD: record, PATH: `${emptyPath}:${process.env.PATH ?? ''}` },
    )
    const started = await service.start({ path: model, ...opts, gpuLayers: -1, contextSize: 200, parallel: 1 })
    expect(started).toMatchObject({ engine: 'llama-server', llamaServerPath: STANDIN })
    const ready = await until((s) => s.state === 'ready')
    expect(ready.progress).toBeNull()
    const port = ready.url!.split(':')[2]!
    const recorded = readFileSync(record, 'utf8')
    const argv = (JSON.parse(recorded) as { argv?: string[] } | string[])
    const args = Array.isArray(argv) ? argv : argv.argv ?? []
    const after = (flag: string): string | undefined => args[args.indexOf(flag) + 1]
    expect(after('--host')).toBe('127.0.0.1')
    expect(after('--port')).toBe(port)
    expect(after('--api-key')).toMatch(/^[0-9a-f]{64}$/)
    expect(after('-m')).toBe(model)
    expect(after('-c')).toBe('200')
    expect(after('-ngl')).toBe('999')
    expect(after('-fa')).toBe('auto')
    expect(after('--alias')).toBe('tiny one')
    expect(args).toContain('--metrics')
    expect(ready.command).toContain('***')
    expect(ready.command?.join(' ')).not.toContain(after('--api-key')!)
    expect((await service.complete('the', 4)).timings?.predictedN).toBeGreaterThan(0)
  })
})

