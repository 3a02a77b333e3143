// Ghost-text completion in main: the /infill window around the cursor, cleaning what the model
// returns, and cancel semantics (a newer request for the same file, assist:cancel) against a fake
// client that answers only when told or when aborted, as the real client does.
import { describe, expect, it } from 'vitest'
import { KilnError } from '../../src-main/router'
import { InferenceError } from '../../src-main/services/inference/client-errors'
import type { InferenceClient } from '../../src-main/services/inference/client'
import { cleanCompletion, extraWindow, infillRequest, prefixWindow, suffixWindow } from '../../src-main/services/assist/complete-prompt'
import { CompleteService } from '../../src-main/services/assist/complete-service'
import { AssistRequests } from '../../src-main/services/assist/requests'
import { completeHandlers } from '../../src-main/services/assist/complete-handlers'

const lines = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `${tag}${i} = ${i} * 2`).join('\n')

describe('the /infill window', () => {
  it('keeps the end of a long prefix, starting at a line start', () => {
    const prefix = lines(1000, 'a') + '\nfunction f(x)\n    ret'
    const w = prefixWindow(prefix, 4000)
    expect(w.length).toBeLessThanOrEqual(4000)
    expect(w.endsWith('function f(x)\n    ret')).toBe(true)
    expect(prefix.endsWith(w)).toBe(true)
    expect(prefix[prefix.length - w.length - 1]).toBe('\n')
  })

  it('keeps the start of a long suffix, ending at a line end', () => {
    const suffix = 'urn x\nend\n' + lines(500, 'b')
    const w = suffixWindow(suffix, 1000)
    expect(w.length).toBeLessThanOrEqual(1000)
    expect(w.startsWith('urn x\nend\n')).toBe(true)
    expect(w.endsWith('\n')).toBe(true)
    expect(suffix.startsWith(w)).toBe(true)
  })

  it('leaves short text as it is, and cuts one huge line rather than dropping it', () => {
    expect(prefixWindow('x = 1\ny = ', 4000)).toBe('x = 1\ny = ')
    expect(suffixWindow('\nend', 1000)).toBe('\nend')
    const long = 'a'.repeat(10_000)
    expect(prefixWindow(long, 4000)).toBe('a'.repeat(4000))
    expect(suffixWindow(long, 1000)).toBe('a'.repeat(1000))
  })

  it('sends the newest extra chunks that fit, oldest first, without ones the window already holds', () => {
    const extra = [
      { filename: 'a.jl', text: 'A'.repeat(3000) },
      { filename: 'b.jl', text: 'B'.repeat(3000) },
      { filename: 'c.jl', text: 'near the cursor\n' },
      { filename: 'd.jl', text: 'D'.repeat(3000) },
      { filename: 'e.jl', text: '   \n' },
    ]
    expect(extraWindow(extra, 'x\nnear the cursor\ny', 7000).map((c) => c.filename)).toEqual(['b.jl', 'd.jl'])
  })

  it('asks for a short, time-capped prediction as llama.vscode does', () => {
    const r = infillRequest({ path: 'src/a.jl', prefix: 'f(x) = ', suffix: '\n', extra: [] })
    expect(r).toMatchObject({ inputPrefix: 'f(x) = ', inputSuffix: '\n', nPredict: 64, tMaxPredictMs: 500 })
  })
})

describe('cleaning a completion', () => {
  it('shows nothing for whitespace alone', () => {
    expect(cleanCompletion('  \n\n', 'end')).toBe('')
  })
  it('cuts the end that repeats the text after the cursor on its line', () => {
    expect(cleanCompletion('x + 1)', ')')).toBe('x + 1')
    expect(cleanCompletion('x + 1)', ')\nend')).toBe('x + 1')
  })
  it('drops trailing blank lines but keeps multi-line text', () => {
    expect(cleanCompletion('x + 1\n    y\n\n', '')).toBe('x + 1\n    y')
  })
})

/** A client whose /infill answers when resolve() is called, or rejects 'cancelled' when its signal aborts (like InferenceClient). */
function fakeClient() {
  const calls: { body: Parameters<InferenceClient['infill']>[0]; signal: AbortSignal; resolve: (text: string) => void }[] = []
  const client: Pick<InferenceClient, 'infill'> = {
    infill: (body, h) =>
      new Promise((resolve, reject) => {
        const signal = h?.signal as AbortSignal
        const done = (text: string): void => resolve({ text, finishReason: 'stop', timings: null, usage: null, firstTokenMs: 1, totalMs: 2, truncated: false })
        calls.push({ body, signal, resolve: done })
        signal.addEventListener('abort', () => reject(new InferenceError('cancelled', 'cancelled')), { once: true })
      }),
  }
  return { client, calls }
}

function setup(o: { enabled?: boolean; client?: boolean } = {}) {
  const fake = fakeClient()
  const requests = new AssistRequests()
  let t = 0
  const statuses: unknown[] = []
  const service = new CompleteService({
    client: () => (o.client === false ? null : fake.client),
    serverReady: async () => o.client !== false,
    enabled: () => o.enabled !== false,
    requests,
    emit: (_e, p) => void statuses.push(p),
    now: () => (t += 42),
  })
  return { service, requests, statuses, ...fake }
}

const req = (requestId: string, path = 'src/a.jl') => ({ requestId, path, prefix: 'f(x) = ', suffix: '\nend', extra: [] })
const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof KilnError ? e.code : String(e)))

describe('CompleteService', () => {
  it('returns the completion text and its time, and reports the latency', async () => {
    const { service, calls, statuses } = setup()
    const p = service.complete(req('r1'))
    calls[0]?.resolve('x + 1')
    await expect(p).resolves.toEqual({ text: 'x + 1', ms: 42 })
    expect(statuses).toEqual([{ serverReady: true, completionEnabled: true, lastCompletionMs: 42 }])
    await expect(service.status()).resolves.toEqual({ serverReady: true, completionEnabled: true, lastCompletionMs: 42 })
    expect(service.inFlight).toBe(0)
  })

  it('a newer request for the same file aborts the older one, which rejects CANCELLED', async () => {
    const { service, calls, requests } = setup()
    const first = codeOf(service.complete(req('r1')))
    const second = service.complete(req('r2'))
    expect(calls[0]?.signal.aborted).toBe(true)
    expect(calls[1]?.signal.aborted).toBe(false)
    expect(await first).toBe('CANCELLED')
    calls[1]?.resolve('y')
    await expect(second).resolves.toMatchObject({ text: 'y' })
    expect(requests.size).toBe(0)
  })

  it('requests for different files run side by side', async () => {
    const { service, calls } = setup()
    const a = service.complete(req('r1', 'a.jl'))
    const b = service.complete(req('r2', 'b.jl'))
    expect(calls.map((c) => c.signal.aborted)).toEqual([false, false])
    calls[0]?.resolve('1')
    calls[1]?.resolve('2')
    await expect(Promise.all([a, b])).resolves.toMatchObject([{ text: '1' }, { text: '2' }])
  })

  it('assist:cancel aborts at once; a late answer after the abort is not returned', async () => {
    const { service, calls, requests } = setup()
    const p = codeOf(service.complete(req('r1')))
    expect(requests.cancel('r1')).toBe(true)
    expect(calls[0]?.signal.aborted).toBe(true)
    calls[0]?.resolve('too late')
    expect(await p).toBe('CANCELLED')
    expect(requests.cancel('r1')).toBe(false)
    expect(service.inFlight).toBe(0)
  })

  it('makes no request when completion is off or no server runs', async () => {
    const off = setup({ enabled: false })
    expect(await codeOf(off.service.complete(req('r1')))).toBe('UNSUPPORTED')
    expect(off.calls).toHaveLength(0)
    const down = setup({ client: false })
    expect(await codeOf(down.service.complete(req('r1')))).toBe('PROCESS')
    await expect(down.service.status()).resolves.toMatchObject({ serverReady: false })
  })

  it('a server error comes back in words, not as a cancel', async () => {
    const fakeErr: Pick<InferenceClient, 'infill'> = { infill: () => Promise.reject(new InferenceError('down', 'the model server is not running')) }
    const service = new CompleteService({ client: () => fakeErr, serverReady: async () => true, enabled: () => true, requests: new AssistRequests() })
    const e = await service.complete(req('r1')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KilnError)
    expect((e as KilnError).code).toBe('PROCESS')
    expect((e as KilnError).message).toMatch(/not running/)
  })

  it('the handlers answer through the service', async () => {
    const { service, calls } = setup()
    const h = completeHandlers(service)
    const p = h['assist:complete'](req('r1'))
    calls[0]?.resolve('z')
    await expect(p).resolves.toEqual({ ok: true, value: { text: 'z', ms: 42 } })
    await expect(h['assist:status']({})).resolves.toMatchObject({ ok: true, value: { serverReady: true } })
  })

  it('dispose aborts what is in flight', async () => {
    const { service, calls } = setup()
    const p = codeOf(service.complete(req('r1')))
    service.dispose()
    expect(calls[0]?.signal.aborted).toBe(true)
    expect(await p).toBe('CANCELLED')
  })
})
