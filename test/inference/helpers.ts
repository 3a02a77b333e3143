// Shared by the engine tests and the benchmark: write the tiny model, spawn the built `kiln
// engine` (KILN_OUT_DIR honoured) on a free port, wait for /health 200, stop it.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TINY_LLAMA, tinyLlamaSpec, type TinyLlamaOptions, type TinyLlamaShape } from '../../src-main/services/inference/gguf/tiny-llama'
import { encodeGguf } from '../../src-main/services/inference/gguf/write'

export const ROOT = join(__dirname, '..', '..')
export const KILN = join(ROOT, 'bin', 'kiln.js')

export function builtCli(): string {
  const cli = join(ROOT, process.env.KILN_OUT_DIR ?? 'out', 'main', 'cli.js')
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before these tests`)
  return cli
}

/** A temp folder with the tiny model in it; remove() deletes both. */
export function tinyModel(shape: TinyLlamaShape = TINY_LLAMA, options: TinyLlamaOptions = {}): { dir: string; path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-engine-'))
  const path = join(dir, 'tiny.gguf')
  writeFileSync(path, encodeGguf(tinyLlamaSpec(shape, 'kiln-tiny-llama', options)))
  return { dir, path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export interface RunningEngine {
  child: ChildProcess
  port: number
  base: string
  apiKey: string
  /** stderr so far. */
  log: () => string
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>
  stop: () => Promise<number | string>
}

export interface SpawnOptions {
  args?: string[]
  env?: Record<string, string>
  apiKey?: string
  /** The program to run instead of `node bin/kiln.js engine` (the llama-server stand-in). */
  command?: string[]
  /** stdin as a pipe the test holds (the supervisor's way), instead of /dev/null. */
  stdinPipe?: boolean
}

/** Spawns the engine; does not wait for it to be ready. */
export async function spawnEngine(model: string, o: SpawnOptions = {}): Promise<RunningEngine> {
  builtCli()
  const port = await freePort()
  const apiKey = o.apiKey ?? 'test-key'
  const command = o.command ?? [process.execPath, KILN, 'engine']
  const args = [...command.slice(1), '--model', model, '--port', String(port), '--api-key', apiKey, '--threads', '2', ...(o.args ?? [])]
  const child = spawn(command[0] as string, args, { env: { ...process.env, ...o.env }, stdio: [o.stdinPipe ? 'pipe' : 'ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr?.setEncoding('utf8').on('data', (s: string) => void (log += s))
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    apiKey,
    log: () => log,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

/** Polls until probe returns a value; a probe that throws ends the wait with its error. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000, every = 25): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every))
  }
}

/** Spawns the engine and waits for /health 200. */
export async function startEngine(model: string, o: SpawnOptions = {}): Promise<RunningEngine> {
  const e = await spawnEngine(model, o)
  try {
    await waitFor('/health 200', async () => {
      if (e.child.exitCode !== null) throw new Error(`the engine exited: ${e.log()}`)
      const r = await fetch(`${e.base}/health`).catch(() => null)
      return r?.status === 200 ? true : undefined
    })
  } catch (err) {
    await e.stop()
    throw new Error(`${(err as Error).message}\n${e.log()}`)
  }
  return e
}

export async function post(e: RunningEngine, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${e.base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${e.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: r.status, json: (await r.json()) as Record<string, unknown> }
}

export async function get(e: RunningEngine, path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${e.base}${path}`, { headers: { Authorization: `Bearer ${e.apiKey}` } })
  return { status: r.status, text: await r.text() }
}
