// `kiln serve [--port N] [--host H] [FOLDER]`: starts the browser host, prints its URL on one
// stable stdout line, and runs until SIGINT/SIGTERM/SIGHUP.
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Logger } from '../lib/log'
import type { BrowserHost, BrowserHostOptions } from '../serve'

export interface CliIo {
  stdout(s: string): void
  stderr(s: string): void
}

/** The line the e2e harness and scripts/start.mjs parse. Do not change it lightly. */
export const SERVING_PREFIX = 'Kiln is serving on '

export const SERVE_USAGE = `Usage: kiln serve [--port N] [--host H] [FOLDER]

Serves Kiln to a web browser and prints the URL to open (it carries the access token).
  --port N   port to listen on (default: a free port)
  --host H   address to bind (default 127.0.0.1). Anything but loopback exposes Kiln,
             terminals included, to your network: only with a reason, and it prints a warning.
  FOLDER     folder to open as the workspace
`

export type ServeArgs = { port?: number; host?: string; folder: string | null; help: boolean }

export const parseServeArgs = (argv: string[]): ServeArgs | { error: string } => {
  const out: ServeArgs = { folder: null, help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string | undefined => inline ?? argv[++i]
    if (flag === '-h' || flag === '--help') out.help = true
    else if (flag === '--port') {
      const raw = value()
      const port = Number(raw)
      if (raw === undefined || !/^\d+$/.test(raw) || port > 65535) return { error: `--port needs a number from 0 to 65535, got ${raw ?? 'nothing'}` }
      out.port = port
    } else if (flag === '--host') {
      const host = value()
      if (!host || host.startsWith('-')) return { error: '--host needs an address, e.g. --host 127.0.0.1' }
      out.host = host
    } else if (arg.startsWith('-')) return { error: `unknown option ${arg}` }
    else if (out.folder !== null) return { error: `only one folder can be given (got ${out.folder} and ${arg})` }
    else out.folder = arg
  }
  return out
}

export interface ServeDeps {
  rendererDir: string
  userDataDir: () => string
  startHost: (opts: BrowserHostOptions) => Promise<BrowserHost>
  /** Resolves with the signal's name when the user asks Kiln to stop. */
  stopRequested: () => Promise<string>
  cwd: string
}

const stderrLogger = (io: CliIo): Logger => {
  const line = (level: string) => (m: string, ...rest: unknown[]) =>
    io.stderr(`[kiln] ${level}${m}${rest.length > 0 ? ` ${rest.map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r))).join(' ')}` : ''}\n`)
  return { info: line(''), warn: line('warning: '), error: line('error: ') }
}

export async function serveCommand(argv: string[], io: CliIo, deps: ServeDeps): Promise<number> {
  const args = parseServeArgs(argv)
  if ('error' in args) {
    io.stderr(`kiln serve: ${args.error}\n\n${SERVE_USAGE}`)
    return 2
  }
  if (args.help) {
    io.stdout(SERVE_USAGE)
    return 0
  }
  const folder = args.folder === null ? null : resolve(deps.cwd, args.folder)
  if (folder !== null && !(existsSync(folder) && statSync(folder).isDirectory())) {
    io.stderr(`kiln serve: not a folder: ${folder}\n`)
    return 2
  }
  if (!existsSync(join(deps.rendererDir, 'index.html'))) {
    io.stderr(`kiln serve: the user interface is not built (${deps.rendererDir} is missing). Run \`npm run build\`.\n`)
    return 1
  }
  const log = stderrLogger(io)
  let host: BrowserHost
  try {
    host = await deps.startHost({ port: args.port, host: args.host, folder, rendererDir: deps.rendererDir, userDataDir: deps.userDataDir(), log })
  } catch (e) {
    io.stderr(`kiln serve: could not start: ${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
  io.stdout(`${SERVING_PREFIX}${host.url}\n`)
  for (const other of host.otherUrls) io.stderr(`[kiln] also reachable at ${other}\n`)
  const signal = await deps.stopRequested()
  io.stderr(`[kiln] ${signal}: stopping...\n`)
  await host.close()
  return 0
}

/** First SIGINT/SIGTERM/SIGHUP asks for a graceful stop; a second one exits at once. */
export const processStopRequested = (): Promise<string> =>
  new Promise((resolveStop) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
    const onSignal = (signal: string) => {
      for (const s of signals) process.off(s, onSignal)
      for (const s of signals) process.once(s, () => process.exit(130))
      resolveStop(signal)
    }
    for (const s of signals) process.on(s, onSignal)
  })
