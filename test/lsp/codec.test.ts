// The base protocol framing: messages cut anywhere and glued together still come out whole,
// lengths count UTF-8 bytes, and a stream that cannot be framed stops instead of guessing.
import { describe, expect, it } from 'vitest'
import { encodeMessage, MessageReader } from '../../src-main/services/lsp/codec'

function reader(max?: number) {
  const got: unknown[] = []
  const bad: string[] = []
  const fatal: string[] = []
  const r = new MessageReader({ message: (m) => got.push(m), badMessage: (e) => bad.push(e.message), fatal: (e) => fatal.push(e.message) }, max)
  return { r, got, bad, fatal }
}

describe('LSP framing', () => {
  it('counts UTF-8 bytes, not characters, in Content-Length', () => {
    const msg = { jsonrpc: '2.0', method: 'x', params: { text: 'α∑😀' } }
    const bytes = encodeMessage(msg)
    const header = bytes.toString('utf8').split('\r\n\r\n')[0]
    const body = JSON.stringify(msg)
    expect(body.length).toBeLessThan(Buffer.byteLength(body))
    expect(header).toBe(`Content-Length: ${Buffer.byteLength(body)}`)
  })

  it('reads a message split into single bytes, cutting through headers and multibyte characters', () => {
    const { r, got } = reader()
    const msg = { id: 1, result: { contents: 'struct Circle — r::Float64 ∈ ℝ 😀' } }
    for (const b of encodeMessage(msg)) r.push(Buffer.from([b]))
    expect(got).toEqual([msg])
  })

  it('reads several messages from one chunk, and a message whose end arrives with the next one', () => {
    const { r, got } = reader()
    const a = { id: 1, result: 'é' }
    const b = { method: 'n', params: [1, 2] }
    const c = { id: 'z', result: null }
    const all = Buffer.concat([encodeMessage(a), encodeMessage(b), encodeMessage(c)])
    const cut = all.length - 7
    r.push(all.subarray(0, cut))
    expect(got).toEqual([a, b])
    r.push(all.subarray(cut))
    expect(got).toEqual([a, b, c])
  })

  it('accepts a Content-Type field and header names in any case', () => {
    const { r, got } = reader()
    const body = Buffer.from('{"id":3,"result":"ok"}')
    r.push(Buffer.concat([Buffer.from(`content-length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`), body]))
    expect(got).toEqual([{ id: 3, result: 'ok' }])
  })

  it('loses only a body that is not JSON and keeps reading the next message', () => {
    const { r, got, bad } = reader()
    r.push(Buffer.concat([Buffer.from('Content-Length: 5\r\n\r\n{oops'), encodeMessage({ id: 2, result: 1 })]))
    expect(bad).toHaveLength(1)
    expect(got).toEqual([{ id: 2, result: 1 }])
  })

  it('stops on a header without Content-Length and on a message over the size cap', () => {
    const a = reader()
    a.r.push(Buffer.from('Content-Type: x\r\n\r\n{}'))
    expect(a.fatal[0]).toMatch(/without Content-Length/)
    a.r.push(encodeMessage({ id: 1 }))
    expect(a.got).toEqual([])

    const b = reader(100)
    b.r.push(Buffer.from('Content-Length: 101\r\n\r\n'))
    expect(b.fatal[0]).toMatch(/over the 100-byte limit/)

    const c = reader()
    c.r.push(Buffer.from('x'.repeat(9000)))
    expect(c.fatal[0]).toMatch(/no end of header/)
  })
})
