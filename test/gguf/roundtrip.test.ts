// The writer and the reader agree: a tiny llama model, both header versions, every value type.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readGguf } from '../../src-main/services/inference/gguf/read'
import { summarizeGgufFile } from '../../src-main/services/inference/gguf/summary'
import { TINY_LLAMA, tinyLlamaSpec, tinyLlamaVocab } from '../../src-main/services/inference/gguf/tiny-llama'
import { encodeGguf, garr, gbool, gf32, gstr, gu32, writeGguf } from '../../src-main/services/inference/gguf/write'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-gguf-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('tiny llama round trip', () => {
  it('reads back the exact metadata, shape, parameter count and tensor types', async () => {
    const file = join(tmp, 'tiny.gguf')
    await writeGguf(file, tinyLlamaSpec())
    const s = await summarizeGgufFile(file)
    const { embedding: e, layers, heads, kvHeads, feedForward: ff } = TINY_LLAMA
    const vocab = tinyLlamaVocab().tokens.length
    expect(vocab).toBe(3 + 256 + 24)
    const kv = (e / heads) * kvHeads
    const perLayer = e + e * e + 2 * e * kv + e * e + e + 3 * e * ff
    const params = 2 * e * vocab + e + layers * perLayer
    expect(s).toMatchObject({
      architecture: 'llama',
      name: 'kiln-tiny-llama',
      version: 3,
      alignment: 32,
      parameterCount: params,
      fileType: { id: 0, name: 'F32' },
      tensorTypes: [{ type: 'F32', tensors: 3 + 9 * layers, parameters: params, bytes: params * 4 }],
      weightsBytes: params * 4,
      contextLength: 256,
      blockCount: 2,
      headCount: 4,
      headCountKv: 2,
      embeddingLength: 64,
      feedForwardLength: 128,
      keyLength: null,
      tokenizer: { model: 'llama', vocabSize: vocab },
    })
    expect(s.chatTemplate?.text).toContain('add_generation_prompt')
    expect(s.chatTemplate?.length).toBe(s.chatTemplate?.text.length)
    expect(s.dataOffset % 32).toBe(0)
    // The data section is padded to the alignment and the file ends right after it.
    expect(s.fileSize).toBe(s.dataOffset + params * 4)
  })

  it('keeps the SPM byte tokens and tensor layout when asked for whole arrays', async () => {
    const file = join(tmp, 'tiny-full.gguf')
    await writeGguf(file, tinyLlamaSpec())
    const f = await readGguf(file, { keepArrayItems: 1000 })
    const tokens = f.metadata.get('tokenizer.ggml.tokens')?.value
    if (typeof tokens !== 'object') throw new Error('tokens missing')
    expect(tokens.items).toEqual(tinyLlamaVocab().tokens)
    expect(tokens.items?.slice(3, 6)).toEqual(['<0x00>', '<0x01>', '<0x02>'])
    expect(tokens.items?.[3 + 255]).toBe('<0xFF>')
    for (const key of ['llama.attention.layer_norm_rms_epsilon', 'llama.context_length', 'tokenizer.ggml.model', 'general.architecture'])
      expect(f.metadata.has(key)).toBe(true)
    const embd = f.tensors.find((t) => t.name === 'token_embd.weight')!
    expect(embd.dims).toEqual([64, vocab()]) // innermost first
    for (const t of f.tensors) expect(t.offset % 32).toBe(0)
  })

  it('holds only the length of a long array by default', async () => {
    const file = join(tmp, 'tiny-default.gguf')
    await writeGguf(file, tinyLlamaSpec())
    const f = await readGguf(file)
    expect(f.metadata.get('tokenizer.ggml.tokens')?.value).toEqual({ itemType: 'string', length: vocab(), items: null })
    expect(f.metadata.get('tokenizer.ggml.scores')?.value).toEqual({ itemType: 'float32', length: vocab(), items: null })
  })
})

const vocab = (): number => tinyLlamaVocab().tokens.length

describe('header versions', () => {
  for (const version of [2, 3] as const) {
    it(`reads GGUF v${version}`, async () => {
      const file = join(tmp, `v${version}.gguf`)
      await writeGguf(file, { version, metadata: [['general.architecture', gstr('llama')], ['llama.block_count', gu32(7)]], tensors: [{ name: 'w', dims: [32, 2], type: 'Q8_0' }] })
      const s = await summarizeGgufFile(file)
      expect(s.version).toBe(version)
      expect(s.blockCount).toBe(7)
      expect(s.tensorTypes).toEqual([{ type: 'Q8_0', tensors: 1, parameters: 64, bytes: 68 }])
    })
  }

  it('rejects v1 and big-endian files by name', async () => {
    const buf = encodeGguf({ metadata: [], tensors: [] })
    buf.writeUInt32LE(1, 4)
    writeFileSync(join(tmp, 'v1.gguf'), buf)
    await expect(readGguf(join(tmp, 'v1.gguf'))).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/version 1 is not supported/) })
    buf.writeUInt32BE(3, 4)
    writeFileSync(join(tmp, 'be.gguf'), buf)
    await expect(readGguf(join(tmp, 'be.gguf'))).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/big-endian/) })
  })
})

describe('value types', () => {
  it('round-trips every metadata type, arrays and nested arrays', async () => {
    const file = join(tmp, 'types.gguf')
    const nested = garr('array', [
      { itemType: 'int16', length: 2, items: [-3, 4] },
      { itemType: 'string', length: 1, items: ['x'] },
      { itemType: 'array', length: 1, items: [{ itemType: 'bool', length: 2, items: [true, false] }] },
    ])
    const metadata = [
      ['t.u8', { type: 'uint8', value: 255 }],
      ['t.i8', { type: 'int8', value: -128 }],
      ['t.u16', { type: 'uint16', value: 65535 }],
      ['t.i16', { type: 'int16', value: -32768 }],
      ['t.u32', gu32(4294967295)],
      ['t.i32', { type: 'int32', value: -2147483648 }],
      ['t.f32', gf32(0.5)],
      ['t.bool', gbool(true)],
      ['t.str', gstr('héllo ✓')],
      ['t.empty', gstr('')],
      ['t.u64', { type: 'uint64', value: 2n ** 64n - 1n }],
      ['t.i64', { type: 'int64', value: -(2n ** 63n) }],
      ['t.f64', { type: 'float64', value: Math.PI }],
      ['t.arr.f32', garr('float32', [1.5, -2])],
      ['t.arr.u64', garr('uint64', [1n, 2n ** 40n])],
      ['t.arr.empty', garr('string', [])],
      ['t.nested', nested],
    ] as const
    await writeGguf(file, { metadata: metadata.map(([k, v]) => [k, v]), tensors: [] })
    const f = await readGguf(file)
    expect([...f.metadata.entries()]).toEqual(metadata.map(([k, v]) => [k, v]))
    expect(f.tensors).toEqual([])
  })
})
