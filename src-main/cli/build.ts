// `kiln build [NAME] [--force] [--json]`: builds a configuration of `.kiln/builds.json` in the
// current folder without the UI (for CI): juliac's log streams to stderr, a summary (or the build
// record as JSON) goes to stdout. Exit status: 0 built (or skipped: nothing changed), 1 the build
// failed or was cancelled, 2 bad input (no such configuration, a broken file, no juliac, no entry).
import { realpath } from 'node:fs/promises'
import type { BuildRecord } from '../../src-preload/contract'
import { silentLogger } from '../lib/log'
import { userDataDir } from '../lib/user-data'
import { KilnError } from '../router'
import { BuildService, type BuildServiceOptions } from '../services/juliac/build-service'
import { SettingsService } from '../services/settings/settings-service'
import type { CliIo } from './outline'

export const BUILD_USAGE = `Usage: kiln build [NAME] [--force] [--json]

Builds the configuration NAME of .kiln/builds.json in the current folder with juliac (the first
one when NAME is left out). The log goes to stderr, a summary to stdout.

  --force   build even when nothing changed since the last successful build
  --json    print the build record as JSON instead of the summary

Exit status: 0 built or unchanged, 1 the build failed, 2 bad input (configuration, entry, juliac).
`

export interface BuildCommandDeps {
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Test hooks: juliac discovery, time limits. */
  service?: Partial<Omit<BuildServiceOptions, 'workspaceRoot' | 'settings' | 'emit' | 'log' | 'userDataDir'>>
  /** Ctrl-C: where to listen (default: this process's SIGINT). */
  onInterrupt?: (cancel: () => void) => () => void
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const mib = (b: number | null): string => (b === null ? '?' : `${(b / 1024 / 1024).toFixed(1)} MiB`)

export function formatSummary(r: BuildRecord): string {
  const lines = [`${r.config}: ${r.state}${r.message ? ` — ${r.message}` : ''}`]
  if (r.artifact) lines.push(`  artifact   ${r.artifact}`)
  if (r.metrics) {
    const m = r.metrics
    lines.push(`  time       ${seconds(m.wallMs)} wall, ${m.cpuMs === null ? '?' : seconds(m.cpuMs)} CPU`, `  memory     ${mib(m.peakRssBytes)} peak (process tree)`)
    if (m.outputBytes !== null) lines.push(`  output     ${mib(m.outputBytes)}`)
    lines.push(`  julia      ${m.juliaVersion ?? '?'}`, `  command    juliac ${m.flags.join(' ')}`)
  }
  if (r.attempt > 1) lines.push(`  attempts   ${r.attempt}`)
  for (const d of r.diagnostics.slice(0, 20)) {
    const at = d.frames.find((f) => f.path !== null) ?? d.frames[0]
    const where = at ? ` (${at.path ?? at.file}${at.line !== null ? `:${at.line}` : ''})` : ''
    lines.push(`  ${d.severity}${d.index !== null ? ` #${d.index}` : ''}: ${d.message.split('\n')[0]}${where}`)
  }
  if (r.diagnostics.length > 20) lines.push(`  … ${r.diagnostics.length - 20} more`)
  if (r.suggestion === 'unsafe-warn') lines.push('  try: set "trim": "unsafe-warn" to see every problem at once')
  return `${lines.join('\n')}\n`
}

export async function buildCommand(argv: string[], io: CliIo, deps: BuildCommandDeps = {}): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(BUILD_USAGE)
    return 0
  }
  const flags = new Set(argv.filter((a) => a.startsWith('-')))
  const names = argv.filter((a) => !a.startsWith('-'))
  const unknown = [...flags].find((f) => f !== '--force' && f !== '--json')
  if (unknown !== undefined || names.length > 1) {
    io.stderr(`kiln build: ${unknown !== undefined ? `unknown option ${unknown}` : 'one configuration name at most'}\n\n${BUILD_USAGE}`)
    return 2
  }
  const env = deps.env ?? process.env
  const root = await realpath(deps.cwd ?? process.cwd())
  const settings = new SettingsService({ userDataDir: userDataDir(env), emit: () => {}, log: silentLogger })
  let buildId: string | null = null
  const service = new BuildService({
    workspaceRoot: () => root,
    settings,
    emit: (event, payload) => {
      if (event === 'juliac:log') io.stderr((payload as { data: string }).data)
    },
    log: silentLogger,
    userDataDir: userDataDir(env),
    env,
    ...deps.service,
  })
  const listen = deps.onInterrupt ?? ((cancel: () => void) => {
    process.on('SIGINT', cancel)
    return () => process.off('SIGINT', cancel)
  })
  const stopListening = listen(() => {
    if (buildId) service.cancel(buildId)
  })
  try {
    for (const e of settings.snapshot().errors) io.stderr(`kiln build: settings: ${e.message}\n`)
    const started = await service.start(names[0] ?? null, { force: flags.has('--force') })
    buildId = started.buildId
    const record = await service.wait(buildId)
    io.stdout(flags.has('--json') ? `${JSON.stringify(record, null, 2)}\n` : formatSummary(record))
    return record.state === 'succeeded' || record.state === 'skipped' ? 0 : 1
  } catch (e) {
    if (!(e instanceof KilnError)) throw e
    io.stderr(`kiln build: ${e.message}\n`)
    return 2
  } finally {
    stopListening()
    service.dispose()
    settings.dispose()
  }
}
