// What every probe gets (injectable, so tests can supply fake tools, a fake sysfs and a fake
// home) and the small helpers they share.
import type { DoctorProbe } from '../../../src-preload/contract'
import { findOnPath, isExecutableFile, type ExecFn, type ExecResult } from './exec'

export type PathSettingKey = 'julia.executablePath' | 'juliac.executablePath' | 'inference.llamaServerPath'

export interface ProbeContext {
  /** Environment for lookups and for the programs run (PATH, JULIA_DEPOT_PATH). */
  env: NodeJS.ProcessEnv
  home: string
  /** Normally `/sys` and `/proc`. */
  sysfsRoot: string
  procRoot: string
  exec: ExecFn
  /** Limit for quick programs (`--version`). */
  timeoutMs: number
  /** Limit for programs that start Julia (`juliac`, `julia -m JuliaC`): package loading is slow. */
  slowTimeoutMs: number
  setting: (key: PathSettingKey) => string
  totalmem: () => number
}

export type Located = { path: string; via: string } | { error: string; fix: string }

/**
 * Where a tool is: the setting when set (and then only there: a wrong setting is an error to fix,
 * not something to paper over with PATH), else PATH, else the given well-known places.
 */
export async function locate(
  ctx: ProbeContext,
  name: string,
  opts: { setting?: PathSettingKey; places?: string[] } = {},
): Promise<Located | null> {
  const configured = opts.setting ? ctx.setting(opts.setting).trim() : ''
  if (opts.setting && configured !== '') {
    if (await isExecutableFile(configured)) return { path: configured, via: `setting ${opts.setting}` }
    return {
      error: `the ${opts.setting} setting is ${configured}, which is not an executable file`,
      fix: `correct the ${opts.setting} setting, or clear it so that Kiln looks on PATH`,
    }
  }
  const onPath = await findOnPath(name, ctx.env.PATH)
  if (onPath) return { path: onPath, via: 'PATH' }
  for (const place of opts.places ?? []) if (await isExecutableFile(place)) return { path: place, via: place }
  return null
}

export const run = (ctx: ProbeContext, file: string, args: string[], slow = false): Promise<ExecResult> =>
  ctx.exec(file, args, { timeoutMs: slow ? ctx.slowTimeoutMs : ctx.timeoutMs, env: ctx.env })

/** One line saying why a run did not give a usable answer. */
export function whyFailed(cmd: string, r: ExecResult): string {
  if (r.failure === 'timeout') return `\`${cmd}\` gave no answer in time (${r.failureMessage ?? 'timeout'})`
  if (r.failure) return `\`${cmd}\` could not run: ${r.failureMessage ?? r.failure}`
  const said = firstLine(r.stderr) || firstLine(r.stdout)
  return `\`${cmd}\` exited with code ${r.code}${said ? `: ${said}` : ''}`
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? ''
  return line.trim().slice(0, 200)
}

export const gib = (bytes: number): string =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`

type Base = { id: string; label: string }
export const found = (b: Base, detail: string, extra: Partial<DoctorProbe> = {}): DoctorProbe => ({ ...b, status: 'found', detail, ...extra })
export const missing = (b: Base, detail: string, fix: string): DoctorProbe => ({ ...b, status: 'missing', detail, fix })
export const broken = (b: Base, detail: string, fix: string, extra: Partial<DoctorProbe> = {}): DoctorProbe => ({
  ...b,
  status: 'error',
  detail,
  fix,
  ...extra,
})
