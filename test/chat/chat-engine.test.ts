// ChatService against the real embedded engine (built `kiln engine`, KILN_OUT_DIR honoured) on the
// tiny model with a 256-token context: tokens stream as chat:delta, stop cancels generation on the
// server and keeps the partial reply, the second turn reuses the prompt cache, a server that is not
// running gives an 'error' reply in words. The tiny model answers gibberish: content is not checked.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Events } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { ChatService } from '../../src-main/services/chat/chat-service'
import { InferenceClient } from '../../src-main/services/inference/client'
import { freePort, get, startEngine, tinyModel, waitFor, type RunningEngine } from '../inference/helpers'

let engine: RunningEngine
const model = tinyModel()
const tmp = mkdtempSync(join(tmpdir(), 'kiln-chat-engine-'))

beforeAll(async () => {
  engine = await startEngine(model.path, { args: ['--ctx-size', '256'] })
}, 60_000)
afterAll(async () => {
  await engine?.stop()
  model.remove()
  rmSync(tmp, { recursive: true, force: true })
})

type Seen = { deltas: Events['chat:delta'][]; messages: Events['chat:message'][] }

function harness(client: InferenceClient | null, o: { maxReply?: number; batchMs?: number; onEvent?: (service: ChatService, seen: Seen) => void } = {}) {
  const seen: Seen = { deltas: [], messages: [] }
  const waiters = new Set<() => void>()
  let service: ChatService | null = null
  const emit: Emit = (event, payload) => {
    if (event === 'chat:delta') seen.deltas.push(payload as Events['chat:delta'])
    if (event === 'chat:message') seen.messages.push(payload as Events['chat:message'])
    if (service !== null) o.onEvent?.(service, seen)
    for (const w of [...waiters]) w()
  }
  service = new ChatService({
    client: () => client,
    contextSize: async () => null, // from /props, as with an external server
    settings: { getString: () => 'You write Julia.', getNumber: () => o.maxReply ?? 24 },
    emit,
    log: memoryLogger(),
    userDataDir: mkdtempSync(join(tmp, 'user-')),
    workspaceRoot: () => '/ws',
    replOutput: () => null,
    terminalOutput: () => null,
    langDiagnostics: () => [],
    lastBuild: async () => null,
    readFile: async () => '',
    batchMs: o.batchMs,
  })
  const final = (messageId: string) =>
    waitFor('the final chat:message', async () => seen.messages.find((m) => m.message.id === messageId && m.message.state !== 'streaming')?.message, 20_000, 10)
  return { service, seen, final }
}

const clientFor = (e: RunningEngine): InferenceClient => new InferenceClient({ baseUrl: e.base, apiKey: e.apiKey })

describe('chat against the embedded engine', () => {
  it('streams the reply as chat:delta events, saves it, and the second turn reuses the prompt cache', async () => {
    const { service, seen, final } = harness(clientFor(engine))
    const c = await service.create()
    const { messageId } = await service.send(c.id, 'Say something.', [])
    const one = await final(messageId)
    expect(one.state).toBe('done')
    expect(one.content.length).toBeGreaterThan(0)
    const mine = seen.deltas.filter((d) => d.messageId === messageId)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.map((d) => d.text).join('')).toBe(one.content)
    expect(one.timings?.predictedN).toBeGreaterThan(0)

    const saved = await service.get(c.id)
    expect(saved.title).toBe('Say something.')
    expect(saved.messages.map((m) => [m.role, m.state])).toEqual([['user', 'done'], ['assistant', 'done']])

    const two = await final((await service.send(c.id, 'More.', [])).messageId)
    expect(two.state).toBe('done')
    expect(two.timings?.cacheN).toBeGreaterThan(10)
    expect((await service.list()).map((s) => [s.id, s.messages])).toEqual([[c.id, 4]])
  })

  it('one generation per conversation at a time; stop cancels it on the server and keeps the partial reply', async () => {
    let stopping: Promise<void> | null = null
    let busyWhenStopped: boolean | null = null
    const stopped = new Set<string>()
    const { service, final } = harness(clientFor(engine), {
      maxReply: 200,
      batchMs: 1,
      onEvent: (s, seen) => {
        const first = seen.deltas.find((d) => !stopped.has(d.messageId))
        if (first === undefined) return
        stopped.add(first.messageId) // each reply is stopped at its first piece
        const id = first.conversationId
        stopping = (async () => {
          const slots = JSON.parse((await get(engine, '/slots')).text) as { is_processing: boolean }[]
          busyWhenStopped = slots[0]?.is_processing ?? null
          await s.stop(id)
        })()
      },
    })
    const c = await service.create()
    const { messageId } = await service.send(c.id, 'Write a long story.', [])
    await expect(service.send(c.id, 'again', [])).rejects.toMatchObject({ code: 'CONFLICT' })
    const reply = await final(messageId)
    await stopping
    expect(busyWhenStopped).toBe(true)
    expect(reply.state).toBe('stopped')
    expect(reply.content.length).toBeGreaterThan(0)
    const stoppedAt = Date.now()
    await waitFor('the slot to go idle', async () => {
      const slots = JSON.parse((await get(engine, '/slots')).text) as { is_processing: boolean }[]
      return slots[0]?.is_processing === false ? true : undefined
    }, 2_000, 10)
    expect(Date.now() - stoppedAt).toBeLessThan(500)
    expect((await service.get(c.id)).messages.at(-1)).toMatchObject({ state: 'stopped', content: reply.content })

    // Regenerate replaces the stopped reply; the conversation stays two messages long.
    const again = await final((await service.regenerate(c.id)).messageId)
    expect(again.state).toBe('stopped')
    expect((await service.get(c.id)).messages.map((m) => m.id)).toEqual([expect.any(String), again.id])
  })

  it('refuses a message larger than the context before sending, and keeps nothing of it', async () => {
    const { service } = harness(clientFor(engine))
    const c = await service.create()
    const big = { kind: 'file' as const, label: 'big.jl', path: 'big.jl', range: null, text: 'x = 1\n'.repeat(200) }
    const budget = await service.budget(c.id, 'Explain.', [big])
    expect(budget).toMatchObject({ contextSize: 256, fits: false })
    await expect(service.send(c.id, 'Explain.', [big])).rejects.toMatchObject({ code: 'TOO_LARGE' })
    expect((await service.get(c.id)).messages).toEqual([])
  })

  it('a server that is not running: the message is kept and the reply is an error in words', async () => {
    const port = await freePort()
    const { service, final } = harness(new InferenceClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' }))
    const c = await service.create()
    const reply = await final((await service.send(c.id, 'Hello?', [])).messageId)
    expect(reply.state).toBe('error')
    expect(reply.error).toMatch(/model server is not running.*start a model/)
    expect((await service.get(c.id)).messages.map((m) => [m.role, m.content])).toEqual([['user', 'Hello?'], ['assistant', '']])

    const none = harness(null)
    const c2 = await none.service.create()
    const r2 = await none.final((await none.service.send(c2.id, 'Hello?', [])).messageId)
    expect(r2).toMatchObject({ state: 'error', error: expect.stringMatching(/No model server is running/) })
  })
})
