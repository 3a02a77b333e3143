// `kiln engine` on bad input: corrupt models fail with a clear error line and exit 1 (never a
// native abort), /health says 503 while loading, a model without FIM tokens cannot /infill, bad
// flags are a usage error, a stop while loading exits cleanly.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findEngineDir, NOT_INSTALLED } from '../../src-main/services/inference/engine/runtime'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { encodeGguf } from '../../src-main/services/inference/gguf/write'
import { KILN, post, spawnEngine, startEngine, tinyModel, waitFor } from './helpers'

const model = tinyModel()
afterAll(() => model.remove())

async function failsWith(file: string, pattern: RegExp): Promise<void> {
  const e = await spawnEngine(file)
  expect(await e.exited).toBe(1)
  const errors = e.log().split('\n').filter((l) => l.startsWith('kiln-engine: error: '))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(pattern)
}

describe('a model that cannot load', () => {
  it('a GGUF cut short in its tensor data', async () => {
    const bytes = readFileSync(model.path)
    const cut = join(model.dir, 'cut.gguf')
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4096))
    await failsWith(cut, /cut\.gguf: not a valid GGUF file: truncated: tensor \S+ \(\d+ bytes\) ends at byte \d+, past the end of the \d+-byte file/)
  })

  it('a GGUF cut short in its header', async () => {
    const cut = join(model.dir, 'header.gguf')
    writeFileSync(cut, readFileSync(model.path).subarray(0, 600))
    await failsWith(cut, /header\.gguf: .*(truncated|ends)/i)
  })

  it('a GGUF missing a key llama.cpp requires', async () => {
    const spec = tinyLlamaSpec()
    spec.metadata = spec.metadata.filter(([k]) => k !== 'llama.block_count')
    const file = join(model.dir, 'no-blocks.gguf')
    writeFileSync(file, encodeGguf(spec))
    await failsWith(file, /no-blocks\.gguf: the model lacks the required key llama\.block_count$/)
  })

  it('a file that does not exist', async () => {
    await failsWith(join(model.dir, 'nope.gguf'), /nope\.gguf: no such file/)
  })
})

describe('loading and stopping', () => {
  it('answers /health 503 while the model loads, then 200; stops with exit 0', async () => {
    const e = await spawnEngine(model.path, { env: { KILN_ENGINE_LOAD_DELAY_MS: '1500' } })
    try {
      const loading = await waitFor('the port', async () => (await fetch(`${e.base}/health`).catch(() => null)) ?? undefined)
      expect(loading.status).toBe(503)
      expect(await loading.json()).toEqual({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } })
      expect((await post(e, '/completion', { prompt: 'a' })).status).toBe(503)
      expect(e.log()).toMatch(/^main: server is listening on http:\/\/127\.0\.0\.1:\d+$/m)
      await waitFor('ready', async () => ((await fetch(`${e.base}/health`)).status === 200 ? true : undefined))
      expect(e.log()).toMatch(/^kiln-engine: loading model 100%$/m)
      expect(e.log()).toMatch(/^kiln-engine: model loaded in \d+ ms$/m)
    } finally {
      expect(await e.stop()).toBe(0)
    }
  })

  it('a stop while loading exits 0 at once', async () => {
    const e = await spawnEngine(model.path, { env: { KILN_ENGINE_LOAD_DELAY_MS: '5000' } })
    await waitFor('the port', async () => (await fetch(`${e.base}/health`).catch(() => null)) ?? undefined)
    const t = Date.now()
    expect(await e.stop()).toBe(0)
    expect(Date.now() - t).toBeLessThan(2000)
  })

  it('under Kiln (KILN_ENGINE_STDIN_PARENT=1) exits when its parent closes stdin; otherwise ignores stdin', async () => {
    const watched = await spawnEngine(model.path, { stdinPipe: true, env: { KILN_ENGINE_STDIN_PARENT: '1' } })
    const plain = await spawnEngine(model.path, { stdinPipe: true })
    try {
      for (const e of [watched, plain]) await waitFor('ready', async () => ((await fetch(`${e.base}/health`).catch(() => null))?.status === 200 ? true : undefined))
      watched.child.stdin?.end()
      plain.child.stdin?.end()
      expect(await watched.exited).toBe(0)
      expect((await fetch(`${plain.base}/health`)).status).toBe(200)
    } finally {
      await Promise.all([watched.stop(), plain.stop()])
    }
  })

  it('a model without fill-in-the-middle tokens answers /infill 501, as llama-server does', async () => {
    const plain = tinyModel(undefined, { fim: false })
    const e = await startEngine(plain.path)
    try {
      const r = await post(e, '/infill', { input_prefix: 'a', input_suffix: 'b', n_predict: 4 })
      expect(r.status).toBe(501)
      expect(r.json.error).toMatchObject({ code: 501, type: 'not_supported_error' })
      expect((r.json.error as { message: string }).message).toMatch(/^Infill is not supported by this model/)
      expect((await post(e, '/completion', { prompt: 'a', n_predict: 2 })).status).toBe(200)
    } finally {
      await e.stop()
      plain.remove()
    }
  })
})

describe('usage', () => {
  it('refuses an unknown flag or a missing --model with exit 2', () => {
    const r = spawnSync(process.execPath, [KILN, 'engine', '--model', model.path, '--frobnicate'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^kiln engine: unknown argument: --frobnicate\n/)
    const none = spawnSync(process.execPath, [KILN, 'engine', '--port', '1'], { encoding: 'utf8' })
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/--model FILE is required/)
  })

  it('says how to install the engine when it is missing', async () => {
    await expect(findEngineDir(join('/', 'nonexistent', 'a', 'b'))).rejects.toThrow(NOT_INSTALLED)
    expect(NOT_INSTALLED).toBe('the embedded engine is not installed: run `npm run install-engine`')
  })
})
