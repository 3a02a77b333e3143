// The llama-server stand-in (test/fixtures/llama-server-standin): llama-server's flags in, Kiln's
// embedded engine behind them. The external-server path is tested through it.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { post, ROOT, startEngine, tinyModel } from './helpers'

const STANDIN = join(ROOT, 'test', 'fixtures', 'llama-server-standin', 'llama-server')
const model = tinyModel()
afterAll(() => model.remove())

describe('llama-server stand-in', () => {
  it("takes llama-server's flags, records them, and serves the model", async () => {
    const record = join(model.dir, 'argv.json')
    const flags = ['-c', '512', '-ngl', '99', '-fa', 'auto', '-np', '2', '--cache-reuse', '256', '--jinja', '--metrics', '--no-webui', '-a', 'qwen']
    const e = await startEngine(model.path, { command: [STANDIN], args: flags, env: { KILN_LLAMA_RECORD: record } })
    try {
      expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(['--model', model.path, '--port', String(e.port), '--api-key', e.apiKey, '--threads', '2', ...flags])
      expect(e.log()).toMatch(/^main: server is listening on http:\/\/127\.0\.0\.1:\d+$/m)
      const props = await fetch(`${e.base}/props`, { headers: { Authorization: `Bearer ${e.apiKey}` } })
      expect(await props.json()).toMatchObject({ total_slots: 2, model_alias: 'qwen', default_generation_settings: { n_ctx: 256 } })
      expect((await post(e, '/completion', { prompt: 'a', n_predict: 3 })).json).toMatchObject({ tokens_predicted: 3 })
    } finally {
      expect(await e.stop()).toBe(0)
    }
  })

  it('refuses an unknown flag as llama-server does', () => {
    const r = spawnSync(STANDIN, ['-m', model.path, '--frobnicate', '1'], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('error: invalid argument: --frobnicate\n')
    const fa = spawnSync(STANDIN, ['-m', model.path, '--flash-attn', 'maybe'], { encoding: 'utf8' })
    expect(fa.status).toBe(1)
  })
})
