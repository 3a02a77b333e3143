// `kiln engine --model FILE ...`: Kiln's embedded inference engine, a child process of the main
// process (a native abort on a bad model must never take the app down). It listens first, so the
// supervisor can poll /health (503 while loading), then loads the model. Logs to stderr, one line
// each, in the words the supervisor parses: progress, the listening line, loaded, errors.
import type { CliIo } from '../cli'
import { ArgsError, ENGINE_USAGE, parseEngineArgs, type EngineOptions } from '../services/inference/engine/args'
import type { Engine } from '../services/inference/engine/engine'
import type { EngineServer } from '../services/inference/engine/server'

export type StopSignal = (onStop: () => void) => () => void

// `on`, not `once`: node-llama-cpp's signal-exit re-raises a signal that has no other listener
// left, which would kill the process before the model is disposed.
// KILN_ENGINE_STDIN_PARENT=1 (set by Kiln's supervisor, which holds the other end of stdin): the
// parent is gone when stdin closes, even if it was SIGKILLed and could not stop the engine itself.
// Only then: a user's `kiln engine ... < /dev/null &` must keep serving.
const processStop: StopSignal = (onStop) => {
  process.on('SIGTERM', onStop)
  process.on('SIGINT', onStop)
  const watchStdin = process.env.KILN_ENGINE_STDIN_PARENT === '1'
  if (watchStdin) {
    process.stdin.on('end', onStop)
    process.stdin.on('close', onStop)
    process.stdin.resume()
  }
  return () => {
    process.off('SIGTERM', onStop)
    process.off('SIGINT', onStop)
    if (watchStdin) {
      process.stdin.off('end', onStop)
      process.stdin.off('close', onStop)
      process.stdin.pause()
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function engineCommand(argv: string[], io: CliIo, stopSignal: StopSignal = processStop): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(ENGINE_USAGE)
    return 0
  }
  let options: EngineOptions
  try {
    options = parseEngineArgs(argv)
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e
    io.stderr(`kiln engine: ${e.message}\n\n${ENGINE_USAGE}`)
    return 2
  }
  const log = (line: string): void => io.stderr(`${line}\n`)
  const [{ EngineServer }, { Engine }, { loadNodeLlamaCpp }] = await Promise.all([
    import('../services/inference/engine/server'),
    import('../services/inference/engine/engine'),
    import('../services/inference/engine/runtime'),
  ])

  let stopRequested!: () => void
  const stopped = new Promise<'stop'>((resolve) => (stopRequested = () => resolve('stop')))
  const unhook = stopSignal(() => stopRequested())
  const server: EngineServer = new EngineServer(options.apiKey)
  let engine: Engine | null = null
  try {
    const address = await server.listen(options.host, options.port)
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    log(`main: server is listening on http://${host}:${address.port}`)

    const started = performance.now()
    let lastPercent = -1
    const loading = (async (): Promise<Engine> => {
      const delay = Number(process.env.KILN_ENGINE_LOAD_DELAY_MS ?? 0) // tests: see /health 503
      if (delay > 0) await sleep(delay)
      const nlc = await loadNodeLlamaCpp()
      return Engine.load(options, nlc, {
        onProgress: (fraction) => {
          const percent = Math.floor(fraction * 100)
          if (percent === lastPercent) return
          lastPercent = percent
          log(`kiln-engine: loading model ${percent}%`)
        },
      })
    })()
    const first = await Promise.race([loading, stopped])
    if (first === 'stop') {
      void loading.then((e) => e.dispose(), () => {})
      return 0
    }
    engine = first
    server.ready(engine)
    log(`kiln-engine: model loaded in ${Math.round(performance.now() - started)} ms`)
    await stopped
    return 0
  } catch (e) {
    log(`kiln-engine: error: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  } finally {
    unhook()
    await server.close()
    await engine?.dispose()
  }
}
