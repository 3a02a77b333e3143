// `kiln engine` flags, named as llama-server names them where it has them (long and short forms).
export interface EngineOptions {
  model: string
  host: string
  port: number
  apiKey: string | null
  ctxSize: number
  gpu: 'auto' | 'off'
  gpuLayers: number | null
  threads: number
  parallel: number
  alias: string | null
}

export const ENGINE_USAGE = `Usage: kiln engine --model FILE [options]

Kiln's embedded inference engine: serves a GGUF model over llama-server's HTTP API (a subset:
/health /v1/models /v1/chat/completions /completion /infill /tokenize /detokenize /props /slots
/metrics) on node-llama-cpp.

  -m, --model FILE            the GGUF model (required)
      --host H                address to listen on (default 127.0.0.1)
      --port N                port (default 8080; 0 picks a free one)
      --api-key KEY           require "Authorization: Bearer KEY" on every endpoint but /health
  -c, --ctx-size N            context size per slot, in tokens (default 4096; 0 = the model's)
      --gpu auto|off          use a GPU backend when one fits this machine (default auto)
  -ngl, --n-gpu-layers N      layers to put on the GPU (default: as many as fit)
  -t, --threads N             CPU threads (default 0: the engine chooses)
  -np, --parallel N           slots: requests served at once (default 1)
  -a, --alias NAME            the model's name in /v1/models (default: the file name)
`

export class ArgsError extends Error {}

const VALUE_FLAGS: Record<string, keyof EngineOptions> = {
  '-m': 'model', '--model': 'model',
  '--host': 'host',
  '--port': 'port',
  '--api-key': 'apiKey',
  '-c': 'ctxSize', '--ctx-size': 'ctxSize',
  '--gpu': 'gpu',
  '-ngl': 'gpuLayers', '--n-gpu-layers': 'gpuLayers', '--gpu-layers': 'gpuLayers',
  '-t': 'threads', '--threads': 'threads',
  '-np': 'parallel', '--parallel': 'parallel',
  '-a': 'alias', '--alias': 'alias',
}

const int = (flag: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  const n = Number(v)
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw new ArgsError(`${flag}: expected an integer from ${min} to ${max}, got '${v.slice(0, 40)}'`)
  return n
}

/** Parses argv; throws ArgsError with a message for the user. */
export function parseEngineArgs(argv: string[]): EngineOptions {
  const o: EngineOptions = { model: '', host: '127.0.0.1', port: 8080, apiKey: null, ctxSize: 4096, gpu: 'auto', gpuLayers: null, threads: 0, parallel: 1, alias: null }
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1
    const flag = eq > 0 ? raw.slice(0, eq) : raw
    const key = Object.hasOwn(VALUE_FLAGS, flag) ? VALUE_FLAGS[flag] : undefined
    if (!key) throw new ArgsError(`unknown argument: ${raw.slice(0, 100)}`)
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i]
    if (value === undefined) throw new ArgsError(`${flag} needs a value`)
    switch (key) {
      case 'port': o.port = int(flag, value, 0, 65535); break
      case 'ctxSize': o.ctxSize = int(flag, value, 0); break
      case 'gpuLayers': o.gpuLayers = int(flag, value, -1); break
      case 'threads': o.threads = int(flag, value, 0, 1024); break
      case 'parallel': o.parallel = int(flag, value, 1, 256); break
      case 'gpu':
        if (value !== 'auto' && value !== 'off') throw new ArgsError(`--gpu: expected auto or off, got '${value.slice(0, 40)}'`)
        o.gpu = value
        break
      case 'model': o.model = value; break
      case 'host': o.host = value; break
      case 'apiKey': o.apiKey = value; break
      case 'alias': o.alias = value; break
    }
  }
  if (!o.model) throw new ArgsError('--model FILE is required')
  if (o.gpuLayers === -1) o.gpuLayers = null
  return o
}
