// @-context resolution (caps, labels, missing sources) and a stream cut off mid-reply (a fetch
// that ends the SSE body without a finish reason, through the real client): 'cut-off', text kept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { BuildRecord, Events } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { ChatService } from '../../src-main/services/chat/chat-service'
import { ConversationStore } from '../../src-main/services/chat/conversation-store'
import { MAX_LINES, resolveContext, type ContextSources } from '../../src-main/services/chat/context-items'
import { InferenceClient } from '../../src-main/services/inference/client'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-chat-ctx-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const build: BuildRecord = {
  id: 'b1', config: 'app', state: 'failed', phase: 'trimming', startedAt: 0, endedAt: 1, exitCode: 1, signal: null, attempt: 1,
  diagnostics: [{ severity: 'error', index: 1, message: 'unresolved call from statement show(io, x)', frames: [{ func: 'main', file: '/ws/src/App.jl', line: 12, path: 'src/App.jl' }] }],
  errors: 1, warnings: 0, metrics: null, artifact: null, outputDir: null, message: null, suggestion: null,
}
const sources = (o: Partial<ContextSources> = {}): ContextSources => ({
  replOutput: () => null,
  terminalOutput: () => null,
  langDiagnostics: () => [],
  lastBuild: async () => null,
  readFile: async () => 'x = 1\n',
  ...o,
})

describe('chat:context', () => {
  it('reads a file, or the unsaved text given, and says when it was cut', async () => {
    expect(await resolveContext({ kind: 'file', path: 'src/A.jl' }, sources())).toEqual({ kind: 'file', label: 'src/A.jl', path: 'src/A.jl', range: null, text: 'x = 1\n' })
    const long = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n')
    const item = await resolveContext({ kind: 'file', path: 'src/B.jl', text: long }, sources())
    expect(item.label).toBe(`src/B.jl (first ${MAX_LINES} lines)`)
    expect(item.text.split('\n')).toHaveLength(MAX_LINES)
  })

  it('takes the REPL’s last lines without escapes, and says when no REPL runs', async () => {
    const out = Array.from({ length: 100 }, (_, i) => `\x1b[32mjulia>\x1b[0m ${i}`).join('\r\n')
    const item = await resolveContext({ kind: 'repl' }, sources({ replOutput: () => out }))
    expect(item.label).toBe('REPL (60 lines)')
    expect(item.text.split('\n')[0]).toBe('julia> 40')
    await expect(resolveContext({ kind: 'repl' }, sources())).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no Julia REPL is running/) })
  })

  it('labels terminal text from the renderer as a selection or as what the terminal shows', async () => {
    const sel = await resolveContext({ kind: 'terminal', text: 'ERROR: x\nstack', selected: true }, sources())
    expect(sel).toMatchObject({ kind: 'terminal', label: 'terminal selection (2 lines)', text: 'ERROR: x\nstack' })
    const shown = Array.from({ length: 100 }, (_, i) => `row ${i}`).join('\n')
    const tail = await resolveContext({ kind: 'terminal', text: shown, selected: false }, sources())
    expect(tail.label).toBe('terminal (60 lines)')
    expect(tail.text.split('\n')[0]).toBe('row 40')
    expect((await resolveContext({ kind: 'terminal', text: '', selected: false }, sources())).label).toBe('terminal (no output yet)')
    // Nothing from the renderer: main's own tail, or no terminal at all.
    expect((await resolveContext({ kind: 'terminal' }, sources({ terminalOutput: () => 'built\n' }))).text).toBe('built')
    await expect(resolveContext({ kind: 'terminal' }, sources())).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('gathers problems from diagnostics and the last build, and the build with its frames', async () => {
    const src = sources({
      lastBuild: async () => build,
      langDiagnostics: () => [{ path: 'src/A.jl', diagnostics: [{ line: 3, column: 5, endLine: 3, endColumn: 6, message: 'missing end', severity: 'error', source: 'syntax' }] }],
    })
    const p = await resolveContext({ kind: 'problems' }, src)
    expect(p.label).toBe('2 problems')
    expect(p.text).toContain('src/A.jl:3:5: error: missing end [syntax]')
    const b = await resolveContext({ kind: 'build' }, src)
    expect(b.label).toBe('build app (failed, 1 error)')
    expect(b.text).toContain('error #1: unresolved call from statement show(io, x)\n  @ main src/App.jl:12')
    await expect(resolveContext({ kind: 'build' }, sources())).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

/** A chat service whose model server is `fetch`, and the chat:message events it emits. */
function serviceOn(fetch: typeof globalThis.fetch): { service: ChatService; messages: Events['chat:message'][] } {
  const messages: Events['chat:message'][] = []
  const service = new ChatService({
    ...sources(),
    client: () => new InferenceClient({ baseUrl: 'http://127.0.0.1:1', apiKey: null, fetch }),
    contextSize: async () => null,
    settings: { getString: () => '', getNumber: () => 256 },
    emit: (event, payload) => void (event === 'chat:message' && messages.push(payload as Events['chat:message'])),
    log: memoryLogger(),
    userDataDir: tmp,
    workspaceRoot: () => null,
  })
  return { service, messages }
}

describe('a stream cut off mid-reply', () => {
  it("is kept, marked 'cut-off', with words", async () => {
    const enc = new TextEncoder()
    const fakeFetch = (async (url: string | URL | Request) => {
      const u = String(url)
      if (u.endsWith('/tokenize')) return Response.json({ tokens: [1, 2, 3] })
      if (u.endsWith('/props')) return Response.json({ total_slots: 1, default_generation_settings: { n_ctx: 4096 } })
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(enc.encode(`data: ${JSON.stringify({ choices: [{ delta: { content: 'half an ans' }, finish_reason: null }] })}\n\n`))
          c.close() // the server died: no finish reason, no [DONE]
        },
      })
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
    }) as typeof fetch
    const { service, messages } = serviceOn(fakeFetch)
    const c = await service.create()
    // A new conversation is kept in memory until its first message: no empty files.
    expect(await service.list()).toEqual([])
    expect((await service.get(c.id)).messages).toEqual([])
    const { messageId } = await service.send(c.id, 'Explain.', [])
    expect((await service.list()).map((x) => x.id)).toEqual([c.id])
    for (let i = 0; i < 200 && !messages.some((m) => m.message.id === messageId && m.message.state !== 'streaming'); i++) await new Promise((r) => setTimeout(r, 5))
    const reply = (await service.get(c.id)).messages.find((m) => m.id === messageId)
    expect(reply).toMatchObject({ state: 'cut-off', content: 'half an ans', error: expect.stringMatching(/stopped answering mid-reply/) })
  })

  it('stops the reply and answers the error when the conversation cannot be saved', async () => {
    let aborted = false
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      const u = String(url)
      if (u.endsWith('/tokenize')) return Response.json({ tokens: [1, 2, 3] })
      if (u.endsWith('/props')) return Response.json({ total_slots: 1, default_generation_settings: { n_ctx: 4096 } })
      // A reply that never ends unless aborted.
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          init?.signal?.addEventListener('abort', () => {
            aborted = true
            c.error(new DOMException('aborted', 'AbortError'))
          })
        },
      })
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
    }) as typeof fetch
    const { service, messages } = serviceOn(fakeFetch)
    const c = await service.create()
    const save = vi.spyOn(ConversationStore.prototype, 'save').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))
    try {
      await expect(service.send(c.id, 'Explain.', [])).rejects.toThrow(/ENOSPC/)
    } finally {
      save.mockRestore()
    }
    expect(aborted).toBe(true)
    // The reply ended (stopped), and a new message can be sent: nothing is left running.
    expect(messages.at(-1)?.message).toMatchObject({ role: 'assistant', state: 'stopped' })
  })
})

describe("a send with the renderer's message ids", () => {
  const oneWord = (async (url: string | URL | Request) => {
    const u = String(url)
    if (u.endsWith('/tokenize')) return Response.json({ tokens: [1, 2, 3] })
    if (u.endsWith('/props')) return Response.json({ total_slots: 1, default_generation_settings: { n_ctx: 4096 } })
    const enc = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode(`data: ${JSON.stringify({ choices: [{ delta: { content: 'Yes.' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`))
        c.close()
      },
    })
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
  }) as typeof fetch

  it('uses them for the two messages, and answers the summary the list shows', async () => {
    const { service, messages } = serviceOn(oneWord)
    const c = await service.create()
    const started = await service.send(c.id, 'Is   this\nfast?', [], { user: 'u1', reply: 'r1' })
    expect(started).toMatchObject({ messageId: 'r1', summary: { id: c.id, title: 'Is this fast?', messages: 2 } })
    expect(messages.slice(0, 2).map((m) => [m.message.id, m.message.role, m.message.state])).toEqual([
      ['u1', 'user', 'done'],
      ['r1', 'assistant', 'streaming'],
    ])
    for (let i = 0; i < 200 && (await service.get(c.id)).messages[1]?.state === 'streaming'; i++) await new Promise((r) => setTimeout(r, 5))
    expect((await service.get(c.id)).messages.map((m) => [m.id, m.content])).toEqual([
      ['u1', 'Is   this\nfast?'],
      ['r1', 'Yes.'],
    ])
  })

  it('refuses ids that are equal, malformed or already used, and changes nothing', async () => {
    const { service, messages } = serviceOn(oneWord)
    const c = await service.create()
    await expect(service.send(c.id, 'a', [], { user: 'x', reply: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGS' })
    await expect(service.send(c.id, 'a', [], { user: '../x', reply: 'y' })).rejects.toMatchObject({ code: 'INVALID_ARGS' })
    expect(messages).toEqual([])
    await service.send(c.id, 'first', [], { user: 'u1', reply: 'r1' })
    for (let i = 0; i < 200 && (await service.get(c.id)).messages[1]?.state === 'streaming'; i++) await new Promise((r) => setTimeout(r, 5))
    await expect(service.send(c.id, 'second', [], { user: 'u2', reply: 'u1' })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await service.get(c.id)).messages.map((m) => m.id)).toEqual(['u1', 'r1'])
  })
})
