// The argument vectors Kiln builds for llama-server and for its embedded engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KilnError } from '../../src-main/router'
import { defaultEngineCommand } from '../../src-main/services/inference/engine-command'
import { embeddedArgs, llamaServerArgs, redactKey, splitArgs, type ServerSettings } from '../../src-main/services/inference/server-args'

const settings: ServerSettings = {
  model: '/models/Qwen3 Coder.gguf', contextSize: 32768, gpuLayers: -1, flashAttention: 'on', parallel: 2, threads: 0,
  cacheReuse: 256, lora: '', extraArgs: '',
}
const listen = { host: '127.0.0.1', port: 41234, apiKey: 'k'.repeat(64) }

const refusal = (extraArgs: string): KilnError => {
  try {
    llamaServerArgs({ ...settings, extraArgs }, listen)
  } catch (e) {
    if (e instanceof KilnError) return e
    throw e
  }
  throw new Error(`not refused: ${extraArgs}`)
}

describe('llama-server argv', () => {
  it('passes the settings with llama-server flags, all layers as 999, and always host, port, key and metrics', () => {
    expect(llamaServerArgs(settings, listen)).toEqual([
      '-m', '/models/Qwen3 Coder.gguf', '-c', '32768', '-ngl', '999', '-fa', 'on', '-np', '2', '--cache-reuse', '256',
      '--metrics', '--host', '127.0.0.1', '--port', '41234', '--api-key', listen.apiKey,
    ])
  })

  it('adds --lora, -t when threads are set, and the extra arguments last', () => {
    const argv = llamaServerArgs({ ...settings, gpuLayers: 20, threads: 8, lora: '/a/adapter.gguf', extraArgs: '--jinja  --alias "my model" -b 512' }, listen)
    expect(argv.slice(0, 6)).toEqual(['-m', '/models/Qwen3 Coder.gguf', '-c', '32768', '-ngl', '20'])
    expect(argv).toContain('--lora')
    expect(argv[argv.indexOf('--lora') + 1]).toBe('/a/adapter.gguf')
    expect(argv[argv.indexOf('-t') + 1]).toBe('8')
    expect(argv.slice(-5)).toEqual(['--jinja', '--alias', 'my model', '-b', '512'])
  })

  it('refuses extra arguments that set the host, port or key, naming the setting', () => {
    for (const extra of ['--port 9000', '--host 0.0.0.0', '--api-key abc', '--api-key-file /k', '--jinja --host=0.0.0.0']) {
      const e = refusal(extra)
      expect(e.code).toBe('INVALID_SETTING')
      expect(e.message).toMatch(/inference\.extraArgs sets --(host|port|api-key)/)
    }
    expect(refusal('--alias "unclosed').message).toMatch(/inference\.extraArgs has an unclosed " quote/)
  })
})

describe('splitArgs', () => {
  it('splits on spaces; quotes group; backslash escapes; empty quotes are an argument', () => {
    expect(splitArgs('')).toEqual([])
    expect(splitArgs('  -b 512\t--jinja ')).toEqual(['-b', '512', '--jinja'])
    expect(splitArgs(`--chat-template-file '/a b/t.jinja' --alias "x \\"y\\"" a\\ b ""`)).toEqual([
      '--chat-template-file', '/a b/t.jinja', '--alias', 'x "y"', 'a b', '',
    ])
    expect(splitArgs('--override-kv a=str:"b c"')).toEqual(['--override-kv', 'a=str:b c'])
  })
})

describe('embedded engine argv', () => {
  it('uses the engine flags, --gpu off only for 0 layers, --threads only when set', () => {
    expect(embeddedArgs(settings, listen)).toEqual([
      '--model', '/models/Qwen3 Coder.gguf', '--host', '127.0.0.1', '--port', '41234', '--api-key', listen.apiKey,
      '--ctx-size', '32768', '--n-gpu-layers', '-1', '--gpu', 'auto', '--parallel', '2',
    ])
    const cpu = embeddedArgs({ ...settings, gpuLayers: 0, threads: 2 }, listen)
    expect(cpu.slice(cpu.indexOf('--n-gpu-layers'))).toEqual(['--n-gpu-layers', '0', '--gpu', 'off', '--parallel', '2', '--threads', '2'])
  })

  it('shows the command line without the key', () => {
    const shown = redactKey(['llama-server', ...llamaServerArgs(settings, listen)], listen.apiKey)
    expect(shown.join(' ')).not.toContain(listen.apiKey)
    expect(shown[shown.indexOf('--api-key') + 1]).toBe('***')
  })
})

describe('the embedded engine command', () => {
  it('runs engine.js beside the main bundle (or one folder up from a chunk) with this runtime', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-engine-cmd-'))
    try {
      mkdirSync(join(dir, 'main', 'chunks'), { recursive: true })
      expect(() => defaultEngineCommand(join(dir, 'main', 'chunks', 'inference-x.js'))).toThrow(
        /Kiln's embedded engine is missing \(looked for .*main\/chunks\/engine\.js and .*main\/engine\.js\): rebuild Kiln/,
      )
      writeFileSync(join(dir, 'main', 'engine.js'), '')
      const cmd = defaultEngineCommand(join(dir, 'main', 'chunks', 'inference-x.js'))
      expect(cmd).toEqual({ file: process.execPath, args: [join(dir, 'main', 'engine.js')], env: {} })
      expect(defaultEngineCommand(join(dir, 'main', 'main.js')).args).toEqual([join(dir, 'main', 'engine.js')])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
