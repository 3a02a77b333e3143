// `kiln gguf`, run in-process as the dispatcher runs it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, USAGE } from '../../src-main/cli'
import { summarizeGgufFile } from '../../src-main/services/inference/gguf/summary'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { encodeGguf } from '../../src-main/services/inference/gguf/write'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-gguf-cli-'))
const model = join(tmp, 'tiny.gguf')
beforeAll(() => writeFileSync(model, encodeGguf(tinyLlamaSpec())))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(['gguf', ...argv], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
  return { code, out, err }
}

describe('kiln gguf', () => {
  it('--json prints the summary, full chat template and no token list', async () => {
    const { code, out, err } = await run(model, '--json')
    expect(code).toBe(0)
    expect(err).toBe('')
    const json = JSON.parse(out) as Record<string, unknown>
    expect(json).toEqual(await summarizeGgufFile(model))
    expect(Object.keys(json)).toEqual([
      'path', 'fileSize', 'version', 'alignment', 'dataOffset', 'tensorCount', 'metadataCount', 'architecture', 'name',
      'parameterCount', 'fileType', 'tensorTypes', 'weightsBytes', 'contextLength', 'blockCount', 'headCount', 'headCountKv',
      'embeddingLength', 'feedForwardLength', 'keyLength', 'valueLength', 'expertCount', 'expertUsedCount', 'chatTemplate', 'tokenizer',
    ])
    expect((json.chatTemplate as { text: string }).text).toMatch(/add_generation_prompt.*endif %\}$/)
    expect(out).not.toContain('<0x41>')
  })

  it('prints a readable table, the chat template shortened', async () => {
    const { code, out } = await run(model)
    expect(code).toBe(0)
    expect(out.startsWith(`${model}\n`)).toBe(true)
    expect(out).toMatch(/^  Architecture +llama$/m)
    expect(out).toMatch(/^  Parameters +110,272 \(110\.3K\)$/m)
    expect(out).toMatch(/^  Layers +2$/m)
    expect(out).toMatch(/^  KV heads +2$/m)
    expect(out).toMatch(/^  Tokenizer +llama, 283 tokens$/m)
    expect(out).toMatch(/^  Chat template +\d+ chars: \{% for message.{40,60}…$/m)
  })

  it('exits 2 with a clear message for a missing, foreign or corrupt file', async () => {
    const missing = await run(join(tmp, 'nope.gguf'))
    expect(missing).toMatchObject({ code: 2, out: '' })
    expect(missing.err).toMatch(/^kiln gguf: .*nope\.gguf: no such file\n$/)

    writeFileSync(join(tmp, 'text.gguf'), 'hello, not a model')
    expect((await run(join(tmp, 'text.gguf'))).err).toMatch(/not a valid GGUF file: the magic is 0x6c6c6568, not "GGUF" \(at byte 0\)/)

    writeFileSync(join(tmp, 'cut.gguf'), encodeGguf(tinyLlamaSpec()).subarray(0, 500))
    const cut = await run(join(tmp, 'cut.gguf'), '--json')
    expect(cut.code).toBe(2)
    expect(cut.err).toMatch(/truncated/)
  })

  it('usage errors exit 2; --help exits 0; the top-level help lists it', async () => {
    expect((await run()).code).toBe(2)
    expect((await run(model, '--bogus')).err).toMatch(/unknown option --bogus/)
    expect((await run(model, model)).code).toBe(2)
    const help = await run('--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^Usage: kiln gguf FILE \[--json\]/)
    expect(USAGE).toMatch(/^  gguf FILE \[--json\] /m)
  })
})
