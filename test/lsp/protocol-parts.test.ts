// The JSON-RPC endpoint's own rules, the progress line in the status bar, and Kiln's answers to
// the server's questions.
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../src-main/lib/log'
import { encodeMessage, MessageReader } from '../../src-main/services/lsp/codec'
import { JsonRpcConnection } from '../../src-main/services/lsp/connection'
import { configurationValue, installClientHandlers } from '../../src-main/services/lsp/client-handlers'
import { ProgressTracker } from '../../src-main/services/lsp/progress'

/** A connection whose other end is this test: what the client writes is decoded into `sent`. */
function pair() {
  const sent: Record<string, unknown>[] = []
  const decode = new MessageReader({ message: (m) => sent.push(m as Record<string, unknown>), badMessage: () => {}, fatal: () => {} })
  const fatal: Error[] = []
  const conn = new JsonRpcConnection({ write: (b) => decode.push(b), log: silentLogger, onFatal: (e) => fatal.push(e) })
  const serverSays = (m: unknown) => conn.push(encodeMessage({ jsonrpc: '2.0', ...(m as object) }))
  return { conn, sent, serverSays, fatal }
}
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('JSON-RPC connection', () => {
  it('matches answers to requests by id, whatever their order, and reports error replies', async () => {
    const { conn, sent, serverSays } = pair()
    const a = conn.request('a', {}, 1000)
    const b = conn.request('b', {}, 1000)
    serverSays({ id: sent[1]?.id, result: 'B' })
    serverSays({ id: sent[0]?.id, error: { code: -32602, message: 'bad params' } })
    expect(await b).toEqual({ ok: true, value: 'B' })
    expect(await a).toEqual({ ok: false, reason: 'error', message: 'a: bad params', code: -32602 })
  })

  it('cancels a request that runs out of time and ignores its late answer', async () => {
    const { conn, sent, serverSays } = pair()
    const out = await conn.request('slow', {}, 20)
    expect(out).toMatchObject({ ok: false, reason: 'timeout' })
    expect(sent[1]).toEqual({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: sent[0]?.id } })
    serverSays({ id: sent[0]?.id, result: 'late' }) // nothing throws, nothing resolves twice
  })

  it('answers the server’s requests, with MethodNotFound for unknown ones and an error when a handler throws', async () => {
    const { conn, sent, serverSays } = pair()
    conn.onRequest('ok', (p) => ({ echo: p }))
    conn.onRequest('boom', () => {
      throw new Error('nope')
    })
    serverSays({ id: 7, method: 'ok', params: [1] })
    serverSays({ id: 8, method: 'unknown/thing', params: {} })
    serverSays({ id: 'x', method: 'boom' })
    await tick()
    expect(sent).toHaveLength(3)
    expect(sent).toEqual(expect.arrayContaining([
      { jsonrpc: '2.0', id: 7, result: { echo: [1] } },
      { jsonrpc: '2.0', id: 8, error: { code: -32601, message: 'Kiln does not handle unknown/thing' } },
      { jsonrpc: '2.0', id: 'x', error: { code: -32603, message: 'nope' } },
    ]))
  })

  it('settles every outstanding request when closed, and when the stream breaks', async () => {
    const { conn, fatal } = pair()
    const a = conn.request('a', {}, null)
    conn.push(Buffer.from('garbage without a header\r\n\r\n'))
    expect(await a).toMatchObject({ ok: false, reason: 'closed' })
    expect(fatal).toHaveLength(1)
    expect(await conn.request('b', {}, null)).toMatchObject({ ok: false, reason: 'closed' })
  })

  it('answers workspace/configuration item by item, and accepts progress tokens and registrations', async () => {
    const { conn, sent, serverSays } = pair()
    installClientHandlers(conn, { workspaceFolders: () => [{ uri: 'file:///w', name: 'w' }], configuration: { 'julia.lint.run': true, 'julia.format.indent': 4 } })
    serverSays({ id: 1, method: 'workspace/configuration', params: { items: [{ section: 'julia.lint.run' }, { section: 'julia.format' }, { section: 'other' }, {}] } })
    serverSays({ id: 2, method: 'window/workDoneProgress/create', params: { token: 't' } })
    serverSays({ id: 3, method: 'client/registerCapability', params: { registrations: [] } })
    serverSays({ id: 4, method: 'workspace/workspaceFolders' })
    await tick()
    expect(sent.map((m) => m.result)).toEqual([[true, { indent: 4 }, null, null], null, null, [{ uri: 'file:///w', name: 'w' }]])
    expect(configurationValue({ 'a.b.c': 1 }, 'a')).toEqual({ b: { c: 1 } })
  })
})

describe('work-done progress', () => {
  it('shows the latest work’s title, message and percentage until every token has ended', () => {
    const p = new ProgressTracker()
    expect(p.apply({ token: 1, value: { kind: 'begin', title: 'Indexing', percentage: 0 } })).toBe(true)
    expect(p.text()).toBe('Indexing (0%)')
    p.apply({ token: 'b', value: { kind: 'begin', title: 'Loading', message: 'Base' } })
    expect(p.text()).toBe('Loading: Base')
    p.apply({ token: 1, value: { kind: 'report', message: 'src/a.jl', percentage: 42.4 } })
    expect(p.text()).toBe('Indexing: src/a.jl (42%)')
    p.apply({ token: 1, value: { kind: 'end' } })
    expect(p.busy).toBe(true)
    expect(p.text()).toBe('Loading: Base')
    expect(p.apply({ token: 'never', value: { kind: 'end' } })).toBe(false)
    p.apply({ token: 'b', value: { kind: 'end' } })
    expect(p.busy).toBe(false)
    expect(p.text()).toBeNull()
  })
})
