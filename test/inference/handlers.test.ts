// The inference:* channels through the router, with a stand-in engine
// (test/fixtures/inference-crash/fake-server.js): bad input is refused with a clear typed error
// before anything is spawned; a start is remembered in the user settings; the log and status.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Events, InferenceStatus, Result } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { Router, type Handlers } from '../../src-main/router'
import { encodeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { inferenceHandlers } from '../../src-main/services/inference/handlers'
import { InferenceService } from '../../src-main/services/inference/inference-service'
import { SettingsService } from '../../src-main/services/settings/settings-service'

const FAKE = join(__dirname, '..', 'fixtures', 'inference-crash', 'fake-server.js')

let dir: string
let statuses: InferenceStatus[]
let logEvents: string[]
let services: { settings: SettingsService; inference: InferenceService }[]
let spawned: number
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-inference-h-'))
  statuses = []
  logEvents = []
  services = []
  spawned = 0
})
afterEach(async () => {
  for (const s of services) {
    await s.inference.shutdown()
    s.inference.dispose()
    s.settings.dispose()
  }
  rmSync(dir, { recursive: true, force: true })
})

const emit: Emit = (event, payload) => {
  if (event === 'inference:status') statuses.push(payload as Events['inference:status'])
  if (event === 'inference:log') logEvents.push((payload as Events['inference:log']).data)
}

function setup(userSettings: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = { PATH: dir }) {
  const userDataDir = join(dir, 'user')
  rmSync(userDataDir, { recursive: true, force: true })
  mkdirSync(userDataDir, { recursive: true })
  writeFileSync(join(userDataDir, 'settings.json'), JSON.stringify(userSettings))
  const log = memoryLogger()
  const settings = new SettingsService({ userDataDir, emit, log, pollMs: 60_000 })
  const inference = new InferenceService({
    settings, emit, log, userDataDir, env, home: dir,
    embeddedCommand: () => {
      spawned++
      return { file: process.execPath, args: [FAKE], env: { FAKE_LOAD_MS: '100' } }
    },
    timing: { healthPollMs: 50, backoffMs: 20, killGraceMs: 1_000 },
  })
  services.push({ settings, inference })
  const router = new Router(inferenceHandlers(inference) as unknown as Handlers, log)
  const call = (channel: string, args: unknown = {}): Promise<Result<unknown>> => router.dispatch(channel, args)
  return { call, inference, settings, userDataDir }
}

const model = (): string => {
  const p = join(dir, 'tiny model.gguf')
  if (!existsSync(p)) writeFileSync(p, encodeGguf(tinyLlamaSpec()))
  return p
}
const startArgs = (path: string) => ({ path, contextSize: 256, gpuLayers: 0, flashAttention: 'auto', parallel: 1, threads: 1 })
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const until = async (cond: () => boolean, ms = 8_000): Promise<void> => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not in time; statuses: ${statuses.map((s) => s.state).join(' ')}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('inference handlers', () => {
  it('status mirrors the settings while stopped', async () => {
    const { call } = setup({ 'inference.model': '/m/qwen.gguf', 'inference.contextSize': 2048, 'inference.flashAttention': 'on' })
    const r = await call('inference:status')
    expect(r).toMatchObject({
      ok: true,
      value: {
        state: 'stopped', engine: 'embedded', model: { path: '/m/qwen.gguf', name: 'qwen.gguf' }, url: null, pid: null, llamaServerPath: null,
        options: { contextSize: 2048, gpuLayers: -1, flashAttention: 'on', parallel: 1, threads: 0 },
      },
    })
  })

  it('refuses a missing, relative or non-GGUF model with a clear error and spawns nothing', async () => {
    const { call } = setup()
    const notGguf = join(dir, 'notes.gguf')
    writeFileSync(notGguf, 'just some text, not a model')
    expect(await call('inference:start', startArgs(join(dir, 'missing.gguf')))).toEqual({ ok: false, code: 'NOT_FOUND', message: `${join(dir, 'missing.gguf')}: no such file` })
    expect(await call('inference:start', startArgs('models/tiny.gguf'))).toEqual({ ok: false, code: 'INVALID_ARGS', message: 'the model path must be absolute: models/tiny.gguf' })
    const bad = await call('inference:start', startArgs(notGguf))
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_ARGS' })
    expect(!bad.ok && bad.message).toMatch(/not a valid GGUF file/)
    expect(await call('inference:start', { ...startArgs(model()), contextSize: 10 })).toMatchObject({ ok: false, code: 'INVALID_ARGS' })
    expect(spawned).toBe(0)
    expect(statuses).toEqual([])
    expect(await call('inference:complete', { prompt: 'hi' })).toEqual({ ok: false, code: 'PROCESS', message: 'no model is running: start one first' })
    expect(await call('inference:restart')).toEqual({ ok: false, code: 'NOT_FOUND', message: 'no model to restart: pick a model and start it' })
  })

  it('refuses llama-server settings that cannot work before spawning', async () => {
    const server = join(dir, 'llama-server')
    writeFileSync(server, '#!/bin/sh\nexit 1\n')
    chmodSync(server, 0o755)
    const notExec = join(dir, 'not-exec')
    writeFileSync(notExec, '')

    const a = setup({ 'inference.engine': 'llama-server' }, { PATH: join(dir, 'empty') })
    const none = await a.call('inference:start', startArgs(model()))
    expect(none).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(!none.ok && none.message).toMatch(/no llama-server was found on PATH: set inference\.llamaServerPath/)

    const b = setup({ 'inference.llamaServerPath': notExec })
    const wrong = await b.call('inference:start', startArgs(model()))
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_SETTING' })
    expect(!wrong.ok && wrong.message).toMatch(/inference\.llamaServerPath setting is .*not-exec, which is not an executable file/)

    const c = setup({ 'inference.extraArgs': '--jinja --port 9000' })
    const owned = await c.call('inference:start', startArgs(model()))
    expect(owned).toMatchObject({ ok: false, code: 'INVALID_SETTING' })
    expect(!owned.ok && owned.message).toMatch(/^inference\.extraArgs sets --port/)
    expect(await c.call('inference:status')).toMatchObject({ ok: true, value: { state: 'stopped', engine: 'llama-server', llamaServerPath: server } })
    expect(statuses).toEqual([])
  })

  it('starts, remembers the model and options, streams the log, and stops', async () => {
    const { call, userDataDir } = setup({ 'inference.engine': 'embedded' })
    const path = model()
    const started = await call('inference:start', { ...startArgs(path), contextSize: 128, flashAttention: 'off' })
    expect(started).toMatchObject({ ok: true, value: { state: 'starting', engine: 'embedded', model: { path, name: 'kiln-tiny-llama' } } })
    await until(() => statuses.some((s) => s.state === 'ready'))
    const ready = statuses.find((s) => s.state === 'ready')!
    expect(ready).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), pid: expect.any(Number), options: { contextSize: 128, flashAttention: 'off' } })
    expect(statuses.some((s) => s.state === 'loading' && s.progress !== null)).toBe(true)
    expect(ready.command).toEqual([process.execPath, FAKE, '--model', path, '--host', '127.0.0.1', '--port', ready.url!.split(':')[2], '--api-key', '***',
      '--ctx-size', '128', '--n-gpu-layers', '0', '--gpu', 'off', '--parallel', '1', '--threads', '1'])
    const saved = JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8')) as Record<string, unknown>
    expect(saved).toMatchObject({ 'inference.engine': 'embedded', 'inference.model': path, 'inference.contextSize': 128, 'inference.gpuLayers': 0, 'inference.flashAttention': 'off', 'inference.threads': 1 })

    await until(() => logEvents.join('').includes('[kiln] ready in'))
    const log = await call('inference:log')
    expect(log).toMatchObject({ ok: true, value: { truncated: false } })
    const text = log.ok ? (log.value as { text: string }).text : ''
    expect(text).toContain('--api-key *** ')
    expect(text).toContain('kiln-engine: loading model 100%')
    expect(logEvents.join('')).toBe(text)

    const stopped = await call('inference:stop')
    expect(stopped).toMatchObject({ ok: true, value: { state: 'stopped', pid: null, url: null, model: { path } } })
    expect(alive(ready.pid!)).toBe(false)
    expect(statuses.at(-1)?.state).toBe('stopped')
  })

  it('after the sixth crash the server stays failed until Restart, which starts it afresh', async () => {
    const { call } = setup({ 'inference.engine': 'embedded' })
    await call('inference:start', startArgs(model()))
    await until(() => statuses.some((s) => s.state === 'ready'))
    let pid = statuses.find((s) => s.state === 'ready')!.pid!
    for (let crash = 1; crash <= 6; crash++) {
      const at = statuses.length
      process.kill(pid, 'SIGKILL')
      await until(() => statuses.slice(at).some((s) => s.state === (crash <= 5 ? 'crashed' : 'failed')))
      if (crash <= 5) {
        await until(() => statuses.slice(at).some((s) => s.state === 'starting' && s.pid !== null && s.pid !== pid))
        pid = statuses.slice(at).find((s) => s.state === 'starting' && s.pid !== null)!.pid!
      }
    }
    const failed = await call('inference:status')
    expect(failed).toMatchObject({ ok: true, value: { state: 'failed', restarts: 5, pid: null } })
    expect(failed.ok && failed.value).toHaveProperty('message', 'crashed 6 times; press Restart (last: the server was killed by SIGKILL)')

    const at = statuses.length
    expect(await call('inference:restart')).toMatchObject({ ok: true, value: { state: 'starting', restarts: 0, message: null } })
    await until(() => statuses.slice(at).some((s) => s.state === 'ready'))
  })

  it('dispose (Kiln quitting) kills the server at once', async () => {
    const { call, inference } = setup({ 'inference.engine': 'embedded' })
    await call('inference:start', startArgs(model()))
    await until(() => statuses.some((s) => s.state === 'ready'))
    const pid = statuses.find((s) => s.state === 'ready')!.pid!
    inference.dispose()
    const end = Date.now() + 2_000
    while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    expect(alive(pid)).toBe(false)
  })

  it('lists the models folder from the setting and estimates a model’s memory', async () => {
    const path = model()
    const { call } = setup({ 'inference.modelsPath': dir })
    const lib = await call('inference:models', { rescan: true })
    expect(lib.ok && (lib.value as { folders: unknown[] }).folders[0]).toEqual({ path: dir, source: 'setting', exists: true, models: 1, error: null })
    expect(lib.ok && (lib.value as { models: { path: string; architecture: string }[] }).models).toEqual([expect.objectContaining({ path, architecture: 'llama', error: null })])
    const est = await call('inference:estimate', { path, contextSize: 256, gpuLayers: 0 })
    expect(est).toMatchObject({ ok: true, value: { context: 256, gpuLayers: 0, fits: true } })
    expect(await call('inference:estimate', { path: join(dir, 'gone.gguf'), contextSize: 256, gpuLayers: 0 })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})

