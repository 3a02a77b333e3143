// `kiln monitor [--json] [--once] [--interval MS] [--replay ...]`: the system monitor's samples on
// stdout, from the same Sampler the app's worker runs (here in-process: a command has no event
// loop to protect). Source problems (a tool missing, failing, timing out) go to stderr when they
// change, with the fix.
import type { MonitorSample, MonitorSource } from '../../src-preload/contract'
import { gib } from '../services/monitor/headroom'
import { ReplayArgsError, parseReplay } from '../services/monitor/replay-args'
import { Sampler, type ReplayOptions } from '../services/monitor/sampler'
import type { CliIo } from './outline'

export const MONITOR_USAGE = `Usage: kiln monitor [--json] [--once] [--interval MS] [--replay KEY=PATH,...]

Prints CPU, memory, GPU (busy, GTT, VRAM, temperature, power), Kiln's processes and the memory a
model could still get, one line per sample, until Ctrl-C.

  --json           one JSON sample per line (NDJSON), as the app's monitor:sample event
  --once           print one sample (CPU measured over 200 ms) and exit
  --interval MS    time between samples (250..60000, default 1000)
  --replay SPEC    recorded output instead of this machine: comma-separated KEY=PATH with keys
                   rocm-smi=FILE, amd-smi=FILE, nvidia-smi=FILE (recorded stdout), sysfs=DIR
                   (a recorded /sys) and proc=DIR (a recorded /proc); tools not given are off

Exit status: 0 done, 2 bad arguments.
`

export type StopSignal = (onStop: () => void) => () => void

const processStop: StopSignal = (onStop) => {
  process.on('SIGINT', onStop)
  process.on('SIGTERM', onStop)
  return () => {
    process.off('SIGINT', onStop)
    process.off('SIGTERM', onStop)
  }
}

type MonitorArgs = { json: boolean; once: boolean; intervalMs: number; replay: ReplayOptions | undefined }

class UsageError extends Error {}

export function parseMonitorArgs(argv: readonly string[], cwd = process.cwd()): MonitorArgs {
  const args: MonitorArgs = { json: false, once: false, intervalMs: 1000, replay: undefined }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new UsageError(`${a} needs a value`)
      return v
    }
    if (a === '--json') args.json = true
    else if (a === '--once') args.once = true
    else if (a === '--interval' || a.startsWith('--interval=')) {
      const raw = a.includes('=') ? a.slice(a.indexOf('=') + 1) : value()
      const ms = Number(raw)
      if (!Number.isInteger(ms) || ms < 250 || ms > 60_000) throw new UsageError(`--interval takes milliseconds from 250 to 60000, not '${raw.slice(0, 40)}'`)
      args.intervalMs = ms
    } else if (a === '--replay' || a.startsWith('--replay=')) {
      if (args.replay !== undefined) throw new UsageError('--replay given twice')
      args.replay = parseReplay(a.startsWith('--replay=') ? a.slice('--replay='.length) : value(), cwd)
    } else throw new UsageError(`unknown argument ${a.slice(0, 100)}`)
  }
  return args
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x)}%`)
const pair = (used: number | null, total: number | null): string => (used === null && total === null ? '–' : `${used === null ? '–' : gib(used)}/${total === null ? '–' : gib(total)}`)

/** One line a person reads: time, CPU, memory, each GPU, headroom. */
export function formatSample(s: MonitorSample): string {
  const time = new Date(s.t).toTimeString().slice(0, 8)
  const parts = [time, `CPU ${s.cpu.perCore.length === 0 ? '–' : pct(s.cpu.totalPercent)}`, `mem ${pair(s.memory.used, s.memory.total)}`]
  for (const g of s.gpus) {
    const fields = [`${g.id}${g.apu ? ' (APU)' : ''}`, `busy ${pct(g.busyPercent)}`]
    if (g.gttTotal !== null || g.gttUsed !== null) fields.push(`GTT ${pair(g.gttUsed, g.gttTotal)}`)
    if (g.vramTotal !== null || g.vramUsed !== null) fields.push(`VRAM ${pair(g.vramUsed, g.vramTotal)}`)
    if (g.temperatureC !== null) fields.push(`${Math.round(g.temperatureC)}°C`)
    if (g.powerW !== null) fields.push(`${g.powerW.toFixed(1)} W`)
    parts.push(fields.join(' '))
  }
  parts.push(`headroom ${gib(s.headroom.bytes)}`)
  return parts.join(' | ')
}

const describeSource = (s: MonitorSource): string =>
  `kiln monitor: ${s.id} ${s.state}${s.message ? `: ${s.message}` : ''}${s.fix && s.state !== 'ok' ? ` (fix: ${s.fix})` : ''}\n`

export async function monitorCommand(argv: string[], io: CliIo, deps: { stopSignal?: StopSignal; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(MONITOR_USAGE)
    return 0
  }
  let args: MonitorArgs
  try {
    args = parseMonitorArgs(argv)
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof ReplayArgsError)) throw e
    io.stderr(`kiln monitor: ${e.message}\n\n${MONITOR_USAGE}`)
    return 2
  }
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  let stopping = false
  const unhook = (deps.stopSignal ?? processStop)(() => {
    stopping = true
    stop()
  })
  const sampler = new Sampler({ replay: args.replay, env: deps.env, firstWindowMs: args.once ? 200 : 100 })
  const told = new Map<string, string>()
  try {
    while (!stopping) {
      const started = Date.now()
      const { sample, sources } = await sampler.tick()
      // Each source's state once, and again when it changes (not at every sample).
      for (const s of sources) {
        const line = describeSource(s)
        if (told.get(s.id) === line) continue
        if (s.state === 'missing' || s.state === 'failing' || told.has(s.id)) io.stderr(line)
        told.set(s.id, line)
      }
      io.stdout(args.json ? `${JSON.stringify(sample)}\n` : `${formatSample(sample)}\n`)
      if (args.once) break
      let timer: NodeJS.Timeout | undefined
      await Promise.race([stopped, new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, started + args.intervalMs - Date.now()))))])
      clearTimeout(timer)
    }
    return 0
  } finally {
    unhook()
    sampler.dispose()
  }
}
