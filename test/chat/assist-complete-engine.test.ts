// Ghost-text completion against the real engine (`kiln engine` on the tiny model, built into
// $KILN_OUT_DIR or out/): /infill answers with text; a cancel mid-generation closes the request
// and the engine's slot stops processing; a newer request for the same file replaces the older.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KilnError } from '../../src-main/router'
import { InferenceClient } from '../../src-main/services/inference/client'
import { CompleteService } from '../../src-main/services/assist/complete-service'
import { AssistRequests } from '../../src-main/services/assist/requests'
import { startEngine, tinyModel, waitFor, type RunningEngine } from '../inference/helpers'

let model: ReturnType<typeof tinyModel>
let engine: RunningEngine
let client: InferenceClient

beforeAll(async () => {
  model = tinyModel()
  engine = await startEngine(model.path, { args: ['--ctx-size', '2048', '--threads', '1'] })
  client = new InferenceClient({ baseUrl: engine.base, apiKey: engine.apiKey })
}, 30_000)
afterAll(async () => {
  await engine?.stop()
  model?.remove()
})

const req = (requestId: string) => ({ requestId, path: 'src/App.jl', prefix: 'module App\n\nfunction add(a, b)\n    ', suffix: '\nend\n\nend\n', extra: [{ filename: 'src/util.jl', text: 'mul(a, b) = a * b\n' }] })
const idle = async (): Promise<boolean> => (await client.slots()).every((s) => !s.processing)

describe('completion against the embedded engine', () => {
  it('returns the model’s completion and its time', async () => {
    const raw: string[] = []
    const service = new CompleteService({
      client: () => ({ infill: (body, h) => client.infill(body, { ...h, onDelta: (d) => raw.push(d) }) }),
      serverReady: async () => true,
      enabled: () => true,
      requests: new AssistRequests(),
    })
    const r = await service.complete(req('c1'))
    expect(raw.length).toBeGreaterThan(0)
    expect(raw.join('')).toContain(r.text.trim())
    expect(r.ms).toBeGreaterThan(0)
    await expect(service.status()).resolves.toMatchObject({ lastCompletionMs: r.ms })
  })

  it('a cancel mid-generation aborts the request and the engine stops generating', async () => {
    const requests = new AssistRequests()
    let pieces = 0
    const service = new CompleteService({
      client: () => ({
        infill: (body, h) =>
          client.infill(body, {
            ...h,
            onDelta: () => {
              if (++pieces === 3) requests.cancel('c2')
            },
          }),
      }),
      serverReady: async () => true,
      enabled: () => true,
      requests,
      tune: { nPredict: 1500, tMaxPredictMs: 0 },
    })
    const e = await service.complete(req('c2')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KilnError)
    expect((e as KilnError).code).toBe('CANCELLED')
    expect(pieces).toBe(3)
    await waitFor('the slot to stop processing', async () => ((await idle()) ? true : undefined), 2000, 5)
    expect(requests.size).toBe(0)
  })

  it('a newer request for the same file aborts the older one mid-generation', async () => {
    let started!: () => void
    const firstStreaming = new Promise<void>((r) => (started = r))
    const service = new CompleteService({
      client: () => ({ infill: (body, h) => client.infill(body, { ...h, onDelta: () => started() }) }),
      serverReady: async () => true,
      enabled: () => true,
      requests: new AssistRequests(),
      tune: { nPredict: 1500, tMaxPredictMs: 0 },
    })
    const first = service.complete(req('c3')).catch((x: unknown) => x)
    await firstStreaming
    const second = service.complete({ ...req('c4'), prefix: 'module App\n\nfunction sub(a, b)\n    ' })
    expect(((await first) as KilnError).code).toBe('CANCELLED')
    service.dispose()
    expect(((await second.catch((x: unknown) => x)) as KilnError).code).toBe('CANCELLED')
    await waitFor('the slot to stop processing', async () => ((await idle()) ? true : undefined), 2000, 5)
  })
})
