// Bad files get a clear KilnError naming what is wrong and the byte where; a multi-GB file answers fast.
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KilnError } from '../../src-main/router'
import { readGguf } from '../../src-main/services/inference/gguf/read'
import { summarizeGgufFile } from '../../src-main/services/inference/gguf/summary'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { encodeGguf, encodeGgufHeader, garr, gstr, gu32 } from '../../src-main/services/inference/gguf/write'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-gguf-bad-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let n = 0
function file(buf: Buffer): string {
  const p = join(tmp, `f${n++}.gguf`)
  writeFileSync(p, buf)
  return p
}

async function failure(path: string): Promise<KilnError> {
  const e: unknown = await readGguf(path).then(() => null, (x: unknown) => x)
  if (!(e instanceof KilnError)) throw new Error(`expected a KilnError, got ${String(e)}`)
  return e
}

const byteOf = (e: KilnError): number => Number(/at byte (\d+)\)/.exec(e.message)?.[1] ?? NaN)

describe('corrupt and foreign files', () => {
  const good = encodeGguf(tinyLlamaSpec())

  it('names the wrong magic', async () => {
    const e = await failure(file(Buffer.from('\x7fELF\x02\x01\x01\x00 and some more bytes')))
    expect(e.code).toBe('INVALID_ARGS')
    expect(e.message).toMatch(/not a valid GGUF file: the magic is 0x[0-9a-f]{8}, not "GGUF" \(at byte 0\)/)
    expect((await failure(file(Buffer.alloc(0)))).message).toMatch(/0 bytes, too short/)
  })

  it('reports truncation at any offset, at or before the cut', async () => {
    const f = await readGguf(file(good))
    const cuts = [2, 4, 6, 12, 20, 30, 100, 1000, 3000, f.dataOffset - 5, f.dataOffset + 100, good.length - 1]
    for (const cut of cuts) {
      const e = await failure(file(good.subarray(0, cut)))
      expect(e.code, `cut at ${cut}`).toBe('INVALID_ARGS')
      expect(e.message, `cut at ${cut}`).toMatch(/truncated|too short|ended early/)
      expect(byteOf(e), `cut at ${cut}: ${e.message}`).toBeLessThanOrEqual(cut)
    }
    // Cut inside the data: the message names the tensor cut short.
    expect((await failure(file(good.subarray(0, good.length - 1)))).message).toMatch(/tensor blk\.1\.ffn_down\.weight .* past the end of the \d+-byte file/)
  })

  it('rejects absurd counts and lengths without allocating them', async () => {
    const hugeTensors = Buffer.from(good)
    hugeTensors.writeBigUInt64LE(2n ** 60n, 8)
    expect((await failure(file(hugeTensors))).message).toMatch(/the tensor count 1152921504606846976 is absurd \(the limit is \d+\) \(at byte 8\)/)

    const hugeKey = Buffer.from(good)
    hugeKey.writeBigUInt64LE(2n ** 40n, 24) // the first key's length
    expect((await failure(file(hugeKey))).message).toMatch(/metadata key 0 claims 1099511627776 bytes .* \(at byte 24\)/)

    const arr = encodeGguf({ metadata: [['a', garr('uint32', [1, 2, 3])]], tensors: [] })
    const lengthAt = 24 + 8 + 1 + 4 + 4 // header, key length, "a", value type, item type
    expect(arr.readBigUInt64LE(lengthAt)).toBe(3n)
    arr.writeBigUInt64LE(2n ** 33n, lengthAt)
    expect((await failure(file(arr))).message).toMatch(new RegExp(`length of array a 8589934592 is absurd .* \\(at byte ${lengthAt}\\)`))
  })

  it('rejects unknown value types, ggml types and dimension counts', async () => {
    const v = encodeGguf({ metadata: [['k', gu32(1)]], tensors: [] })
    v.writeUInt32LE(99, 24 + 8 + 1)
    expect((await failure(file(v))).message).toMatch(/the type of k is 99, not a GGUF value type \(at byte 33\)/)

    const spec = { metadata: [], tensors: [{ name: 'w', dims: [32], type: 'F32' }] }
    const t = encodeGguf(spec)
    const typeAt = 24 + 8 + 1 + 4 + 8
    t.writeUInt32LE(77, typeAt)
    expect((await failure(file(t))).message).toMatch(new RegExp(`tensor w has unknown ggml type 77 \\(at byte ${typeAt}\\)`))
    const d = encodeGguf(spec)
    d.writeUInt32LE(9, 24 + 8 + 1)
    expect((await failure(file(d))).message).toMatch(/tensor w has 9 dimensions/)
  })

  it('says plainly when the file is missing or a folder', async () => {
    await expect(readGguf(join(tmp, 'nope.gguf'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no such file/) })
    await expect(readGguf(tmp)).rejects.toMatchObject({ code: 'IS_A_DIRECTORY' })
  })
})

describe('a multi-gigabyte model', () => {
  it('reads the header of a 4 GB sparse file with a 150k-token vocabulary in milliseconds', async () => {
    const vocab = Array.from({ length: 151_000 }, (_, i) => `tok${i}`)
    const merges = Array.from({ length: 151_000 }, (_, i) => `m${i} x`)
    const { header, dataBytes } = encodeGgufHeader({
      metadata: [
        ['general.architecture', gstr('qwen3moe')],
        ['qwen3moe.block_count', gu32(48)],
        ['tokenizer.ggml.model', gstr('gpt2')],
        ['tokenizer.ggml.tokens', garr('string', vocab)],
        ['tokenizer.ggml.merges', garr('string', merges)],
        ['tokenizer.ggml.token_type', garr('int32', vocab.map(() => 1))],
      ],
      tensors: [{ name: 'big.weight', dims: [4096, 262_144], type: 'F32' }],
    })
    expect(dataBytes).toBe(4 * 2 ** 30)
    const path = join(tmp, 'big.gguf')
    const fd = openSync(path, 'w')
    writeSync(fd, header)
    ftruncateSync(fd, header.length + dataBytes)
    closeSync(fd)

    await summarizeGgufFile(path) // warm the module and page cache, as a library scan would
    const t0 = performance.now()
    const s = await summarizeGgufFile(path)
    const ms = performance.now() - t0
    console.log(`GGUF header of a ${(s.fileSize / 2 ** 30).toFixed(2)} GiB file (${(header.length / 2 ** 20).toFixed(1)} MiB header) read in ${ms.toFixed(1)} ms`)
    expect(s.fileSize).toBeGreaterThan(4 * 2 ** 30)
    expect(s.parameterCount).toBe(2 ** 30)
    expect(s.tokenizer).toEqual({ model: 'gpt2', vocabSize: 151_000 })
    expect(ms).toBeLessThan(200)
  })
})
