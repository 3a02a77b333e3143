// assist:edit in main against a fake llama-server (node:http here) with fixed replies: the prompt
// asks for one julia block with the code and diagnostic, the prompt cache is asked for, deltas are
// batched, and each ending (done, length limit, stream cut off, cancelled, server down) is reported.
import { describe, expect, it } from 'vitest'
import type { EventName, Events } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { KilnError } from '../../src-main/router'
import { InferenceClient } from '../../src-main/services/inference/client'
import { editHandlers } from '../../src-main/services/assist/edit-handlers'
import { editMessages, type EditRequest } from '../../src-main/services/assist/edit-prompt'
import { EditService, SERVER_DOWN } from '../../src-main/services/assist/edit-service'
import { AssistRequests } from '../../src-main/services/assist/requests'
import { fakeHttp as fakeServer } from '../inference/fake-http'
import { freePort } from '../inference/helpers'


const sse = (o: unknown): string => `data: ${JSON.stringify(o)}\n\n`
const piece = (content: string, finish: string | null = null): string => sse({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })
const REPLY = ['```julia\n', 'area(r::Float64) = ', 'π * r^2\n', '```'] // a fixed model output

type Event = { name: EventName; payload: unknown }
function harness(baseUrl: string | null, maxTokens = 256) {
  const events: Event[] = []
  const waiters = new Set<() => void>()
  const requests = new AssistRequests()
  const service = new EditService({
    inference: { client: () => (baseUrl === null ? null : new InferenceClient({ baseUrl, apiKey: null })) },
    emit: (name, payload) => {
      events.push({ name, payload })
      for (const w of [...waiters]) w()
    },
    log: memoryLogger(),
    requests,
    maxTokens: () => maxTokens,
    systemPrompt: () => '',
    batchMs: 30,
  })
  const done = (requestId: string): Promise<Events['assist:done']> =>
    new Promise((resolve) => {
      const check = (): void => {
        const e = events.find((x) => x.name === 'assist:done' && (x.payload as Events['assist:done']).requestId === requestId)
        if (e) {
          waiters.delete(check)
          resolve(e.payload as Events['assist:done'])
        }
      }
      waiters.add(check)
      check()
    })
  const deltas = (requestId: string): string[] =>
    events.filter((e) => e.name === 'assist:delta' && (e.payload as Events['assist:delta']).requestId === requestId).map((e) => (e.payload as Events['assist:delta']).text)
  return { service, requests, events, done, deltas, handlers: editHandlers(service, requests) }
}

const REQ: EditRequest = {
  path: 'src/Geometry.jl',
  action: 'fix',
  instruction: 'use Float64',
  code: 'area(r) = 3.14 * r^2\n',
  before: 'module Geometry\n',
  after: 'end\n',
  diagnostic: 'MethodError: no method matching area(::String)\n  [1] top-level scope at REPL[3]:1',
}

describe('edit prompt', () => {
  it('asks for exactly one julia block, with the code, its surroundings, the diagnostic and the instruction', () => {
    const [system, user] = editMessages(REQ)
    expect(system!.role).toBe('system')
    expect(system!.content).toContain('one ```julia block')
    expect(user!.content).toContain('Instruction: use Float64')
    expect(user!.content).toContain('File: src/Geometry.jl')
    expect(user!.content).toContain('```julia\narea(r) = 3.14 * r^2\n```')
    expect(user!.content).toContain('module Geometry')
    expect(user!.content).toContain('[1] top-level scope at REPL[3]:1')
    expect(user!.content.trim().endsWith('Reply with exactly the replacement code in one ```julia block.')).toBe(true)
  })

  it('keeps the system message the same across requests (the server reuses its cache) and puts the user prompt first when set', () => {
    expect(editMessages(REQ)[0]).toEqual(editMessages({ ...REQ, code: 'other' })[0])
    expect(editMessages(REQ, 'You are a Julia expert.')[0]!.content.startsWith('You are a Julia expert.\n\n')).toBe(true)
  })

  it('fences code that itself holds a fence with a longer one', () => {
    const user = editMessages({ ...REQ, code: '"""\n```julia\nx\n```\n"""' })[1]!.content
    expect(user).toContain('````julia\n"""\n```julia')
  })

  it('asks an explanation in words', () => {
    const user = editMessages({ ...REQ, action: 'explain', diagnostic: undefined })[1]!.content
    expect(user).toContain('Explain what this code does')
    expect(user).not.toContain('Reply with exactly')
  })
})

describe('EditService', () => {
  it('streams a proposal in batched deltas and ends with the whole reply', async () => {
    let body: Record<string, unknown> = {}
    const url = await fakeServer((_req, res, raw) => {
      body = JSON.parse(raw) as Record<string, unknown>
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      for (const p of REPLY) res.write(piece(p))
      res.write(piece('', 'stop'))
      res.end('data: [DONE]\n\n')
    })
    const h = harness(url)
    const { requestId } = h.service.edit(REQ)
    const end = await h.done(requestId)
    expect(end).toMatchObject({ state: 'done', error: null, text: REPLY.join('') })
    expect(h.deltas(requestId).join('')).toBe(REPLY.join(''))
    expect(h.deltas(requestId).length).toBeLessThan(REPLY.length) // batched: the pieces came at once
    expect(body).toMatchObject({ cache_prompt: true, max_tokens: 256, stream: true })
    expect(JSON.stringify(body.messages)).toContain('area(r) = 3.14')
    expect(h.requests.size).toBe(0)
  })

  it('says the server is not running, in words, when none is ready', () => {
    const h = harness(null)
    expect(() => h.service.edit(REQ)).toThrow(KilnError)
    expect(() => h.service.edit(REQ)).toThrow(SERVER_DOWN)
  })

  it('reports a server that went away as an error with the same words', async () => {
    const url = `http://127.0.0.1:${await freePort()}` // nothing listens there
    const h = harness(url)
    const { requestId } = h.service.edit(REQ)
    const end = await h.done(requestId)
    expect(end.state).toBe('error')
    expect(end.error).toContain(SERVER_DOWN)
  })

  it('marks a reply that reached the token limit as cut off, keeping its text', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(piece('```julia\narea(r'))
      res.write(piece('', 'length'))
      res.end('data: [DONE]\n\n')
    })
    const h = harness(url, 4)
    const { requestId } = h.service.edit(REQ)
    expect(await h.done(requestId)).toMatchObject({ state: 'cut-off', text: '```julia\narea(r', error: expect.stringContaining('4-token limit') })
  })

  it('marks a stream that stopped without an end as cut off', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(piece('```julia\nar'))
      setTimeout(() => res.destroy(), 50)
    })
    const h = harness(url)
    const { requestId } = h.service.edit(REQ)
    const end = await h.done(requestId)
    expect(end.state).toBe('cut-off')
    expect(end.text).toBe('```julia\nar')
  })

  it('stops on assist:cancel, keeps what arrived, and closes the request on the server', async () => {
    let closed = false
    const url = await fakeServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(piece('```julia\n'))
      const tick = setInterval(() => res.write(piece('x')), 10)
      req.socket.on('close', () => {
        closed = true
        clearInterval(tick)
      })
    })
    const h = harness(url)
    const started = h.handlers['assist:edit']({ ...REQ, instruction: REQ.instruction })
    const r = await started
    if (!r.ok) throw new Error(r.message)
    const { requestId } = r.value
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(await h.handlers['assist:cancel']({ requestId })).toEqual({ ok: true, value: null })
    const end = await h.done(requestId)
    expect(end.state).toBe('stopped')
    expect(end.text.startsWith('```julia\nx')).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(true)
    expect(h.requests.size).toBe(0)
  })
})

describe('AssistRequests', () => {
  it('cancels the earlier request of a group when a newer one registers', () => {
    const requests = new AssistRequests()
    const a = new AbortController()
    const b = new AbortController()
    const c = new AbortController()
    requests.register('a', a, 'src/A.jl')
    requests.register('c', c, null)
    requests.register('b', b, 'src/A.jl')
    expect(a.signal.aborted).toBe(true)
    expect(b.signal.aborted).toBe(false)
    expect(c.signal.aborted).toBe(false)
    expect(requests.cancel('a')).toBe(false)
    requests.dispose()
    expect(b.signal.aborted && c.signal.aborted).toBe(true)
  })
})
