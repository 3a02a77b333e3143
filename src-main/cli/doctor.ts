// `kiln doctor [--json]`: what Kiln found on this machine and what is missing, with the command
// that installs or fixes each missing piece. Reads the user's settings (tool paths) when present.
// Exits 0 whenever the report could be made, whatever it says; scripts read --json.
import type { DoctorProbe, DoctorReport } from '../../src-preload/contract'
import { silentLogger } from '../lib/log'
import { userDataDir } from '../lib/user-data'
import { DoctorService, type DoctorServiceOptions } from '../services/doctor/doctor-service'
import { SettingsService } from '../services/settings/settings-service'
import type { CliIo } from './outline'

export const DOCTOR_USAGE = `Usage: kiln doctor [--json]

Checks for Julia, juliaup, juliac, llama-server, the GPU tools (rocm-smi, amd-smi, nvidia-smi,
vulkaninfo), GPU memory (GTT) and system memory, and prints how to install what is missing.
Tool paths set in Kiln's settings (julia.executablePath, ...) are used when set.

  --json   print the report as JSON: {"probes":[{"id","label","status","detail","version","path","fix"}],"durationMs"}
`

export interface DoctorCommandDeps {
  env?: NodeJS.ProcessEnv
  /** Overrides for the probe runner (tests: fake PATH, sysfs, time limits). */
  doctor?: Partial<Omit<DoctorServiceOptions, 'settings'>>
}

export async function doctorCommand(argv: string[], io: CliIo, deps: DoctorCommandDeps = {}): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(DOCTOR_USAGE)
    return 0
  }
  const unknown = argv.find((a) => a !== '--json')
  if (unknown !== undefined) {
    io.stderr(`kiln doctor: unknown argument ${unknown}\n\n${DOCTOR_USAGE}`)
    return 2
  }
  const json = argv.includes('--json')
  const env = deps.env ?? process.env
  const settings = new SettingsService({ userDataDir: userDataDir(env), emit: () => {}, log: silentLogger })
  try {
    for (const e of settings.snapshot().errors) io.stderr(`kiln doctor: settings: ${e.message}\n`)
    const report = await new DoctorService({ settings, env, ...deps.doctor }).run()
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, settings.file))
    return 0
  } finally {
    settings.dispose()
  }
}

const MARK: Record<DoctorProbe['status'], string> = { found: '✓', missing: '✗', error: '✗' }

/** A table: mark, label, what was found (or why not), and under each problem the fix. */
export function formatReport(report: DoctorReport, settingsFile: string): string {
  const width = Math.max(...report.probes.map((p) => p.label.length))
  const lines: string[] = []
  for (const p of report.probes) {
    lines.push(`${MARK[p.status]} ${p.label.padEnd(width)}  ${p.detail}`)
    if (p.fix && p.status !== 'found') lines.push(`  ${' '.repeat(width)}  fix: ${p.fix}`)
  }
  const count = (s: DoctorProbe['status']): number => report.probes.filter((p) => p.status === s).length
  const summary = [`${count('found')} found`, `${count('missing')} missing`, `${count('error')} not working`].join(', ')
  lines.push('', `${summary} (${(report.durationMs / 1000).toFixed(1)} s). Tool paths can be set in ${settingsFile}.`)
  return `${lines.join('\n')}\n`
}
