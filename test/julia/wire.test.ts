import { describe, expect, it } from 'vitest'
import { encodeEval, encodeRequest, isMalformed, LineReader, parseMessage } from '../../src-main/services/julia/wire'

/** Decodes a request the way kiln.jl reads it: header line, then `<name> <nbytes>` and raw bytes. */
function decode(buf: Buffer): { verb: string; id: string; fields: Record<string, string> } {
  let pos = 0
  const line = (): string => {
    const nl = buf.indexOf(0x0a, pos)
    const s = buf.subarray(pos, nl).toString('utf8')
    pos = nl + 1
    return s
  }
  const [verb = '', id = '', n = '0'] = line().split(' ')
  const fields: Record<string, string> = {}
  for (let i = 0; i < Number(n); i++) {
    const [name = '', bytes = '0'] = line().split(' ')
    fields[name] = buf.subarray(pos, pos + Number(bytes)).toString('utf8')
    pos += Number(bytes)
    expect(buf[pos]).toBe(0x0a)
    pos++
  }
  expect(pos).toBe(buf.length)
  return { verb, id, fields }
}

describe('side channel requests', () => {
  it('length-prefixes fields in UTF-8 bytes, so newlines and non-ASCII code pass untouched', () => {
    const code = 'α = 1\nprintln("naïve ∑ \\n")\n# 🎉'
    const buf = encodeEval('e7', { code, file: '/w/src/a.jl', line: 12, module: 'Main.Foo' })
    expect(buf.subarray(0, 9).toString()).toBe('eval e7 4')
    expect(buf.toString()).toContain(`code ${Buffer.byteLength(code)}\n`)
    expect(Buffer.byteLength(code)).toBeGreaterThan(code.length) // bytes, not UTF-16 units
    expect(decode(buf)).toEqual({ verb: 'eval', id: 'e7', fields: { code, file: '/w/src/a.jl', line: '12', module: 'Main.Foo' } })
  })

  it('encodes field-less requests and empty values', () => {
    expect(encodeRequest('variables', 'v3').toString()).toBe('variables v3 0\n')
    expect(decode(encodeRequest('activate', 'a1', [['path', '']]))).toEqual({ verb: 'activate', id: 'a1', fields: { path: '' } })
  })

  it('refuses ids and names that would break the framing', () => {
    expect(() => encodeRequest('ping', 'p 1')).toThrow(/plain word/)
    expect(() => encodeRequest('ping', 'p1\n')).toThrow(/plain word/)
    expect(() => encodeRequest('activate', 'a1', [['pa th', 'x']])).toThrow(/plain word/)
  })
})

describe('LineReader', () => {
  it('splits lines across chunk boundaries, including inside a multi-byte character', () => {
    const lines: string[] = []
    const r = new LineReader((l) => lines.push(l))
    const bytes = Buffer.from('{"a":"∑x"}\n{"b":2}\r\n\n{"c"', 'utf8')
    for (let i = 0; i < bytes.length; i++) r.push(bytes.subarray(i, i + 1))
    expect(lines).toEqual(['{"a":"∑x"}', '{"b":2}'])
    expect(r.pending).toBe(4)
    r.push(Buffer.from(':3}\n'))
    expect(lines[2]).toBe('{"c":3}')
  })

  it('delivers several lines from one chunk and keeps a big line whole', () => {
    const lines: string[] = []
    const r = new LineReader((l) => lines.push(l))
    const big = 'x'.repeat(3_000_000)
    r.push(Buffer.from(`a\nb\n${big.slice(0, 1_000_000)}`))
    r.push(Buffer.from(`${big.slice(1_000_000)}\nc\n`))
    expect(lines.map((l) => l.length)).toEqual([1, 1, 3_000_000, 1])
  })

  it('throws on a line over the cap and recovers for the next stream', () => {
    const lines: string[] = []
    const r = new LineReader((l) => lines.push(l), 10)
    expect(() => r.push(Buffer.from('0123456789ABC'))).toThrow(/longer than 10 bytes/)
    expect(r.pending).toBe(0)
    r.push(Buffer.from('ok\n'))
    expect(lines).toEqual(['ok'])
  })
})

describe('messages from Julia', () => {
  it('parses a result with defaults for omitted fields', () => {
    const m = parseMessage('{"type":"result","id":"e1","ok":true,"text":"3","evalMs":0.4}')
    expect(m).toEqual({ type: 'result', id: 'e1', ok: true, text: '3', truncated: false, mime: null, data: null, evalMs: 0.4 })
  })

  it('parses errors with frames, variables, displays and the other answers', () => {
    const err = parseMessage(
      '{"type":"result","id":"e8","ok":false,"error":{"type":"ErrorException","message":"boom","frames":[{"func":"f","file":"/w/a.jl","line":3}]},"evalMs":1.0,"project":"/w/Project.toml"}',
    )
    expect(err).toMatchObject({ ok: false, error: { type: 'ErrorException', frames: [{ func: 'f', file: '/w/a.jl', line: 3 }] } })
    expect(parseMessage('{"type":"variables","id":"v1","variables":[{"name":"x","type":"Int64","size":"8 bytes","summary":"3"}]}')).toMatchObject({
      variables: [{ name: 'x' }],
    })
    expect(parseMessage('{"type":"display","mime":"image/png","data":"iVBOR"}')).toEqual({ type: 'display', mime: 'image/png', data: 'iVBOR' })
    expect(parseMessage('{"type":"ack","id":"i2"}')).toEqual({ type: 'ack', id: 'i2' })
    expect(parseMessage('{"type":"project","id":"a1","project":"/w/Project.toml"}')).toMatchObject({ project: '/w/Project.toml' })
    expect(parseMessage('{"type":"error","id":"x1","message":"bad field"}')).toMatchObject({ type: 'error', message: 'bad field' })
    expect(parseMessage('{"type":"hello","protocol":1,"token":"t","version":"1.12.1","pid":4,"threads":8,"project":"/p"}')).toMatchObject({ pid: 4 })
  })

  it('parses the module a result ran in, and keeps it absent when Julia does not say', () => {
    const m = parseMessage('{"type":"result","id":"e1","ok":true,"text":"2","evalMs":0.1,"module":"Main"}')
    expect(m).toMatchObject({ type: 'result', module: 'Main' })
    const old = parseMessage('{"type":"result","id":"e2","ok":true,"text":"2","evalMs":0.1}')
    expect(old).not.toHaveProperty('module')
    expect(isMalformed(parseMessage('{"type":"result","id":"e3","ok":true,"module":3}'))).toBe(true)
  })

  it('reports what is wrong with malformed lines instead of throwing', () => {
    const cases = ['not json', '{"type":"result","id":"e1"}', '{"type":"teleport"}', '[1,2]', '{"type":"display","mime":"text/html","data":"<b>"}']
    for (const c of cases) {
      const m = parseMessage(c)
      expect(isMalformed(m), c).toBe(true)
    }
    const m = parseMessage('{"type":"result","id":"e1"}')
    expect(isMalformed(m) && m.malformed).toMatch(/ok/)
  })
})
