// Julia, juliaup and juliac (JuliaC.jl).
// Output formats, from the tools themselves:
//   `julia --version`   -> "julia version 1.12.1"
//   `juliaup --version` -> "Juliaup 1.6.3" (JuliaLang/juliaup#306)
//   `juliac --version`  -> "juliac version 0.2.1, julia version 1.12.1" (JuliaC.jl src/JuliaC.jl,
//                          `_print_version`); older JuliaC has no --version but answers --help.
import { join } from 'node:path'
import type { DoctorProbe } from '../../../src-preload/contract'
import { broken, found, locate, missing, run, whyFailed, type ProbeContext } from './context'

export const INSTALL_JULIAUP = 'curl -fsSL https://install.julialang.org | sh'
export const INSTALL_JULIAC = `julia -e 'using Pkg; Pkg.Apps.add("JuliaC")'`
const JULIAC_NEEDS = [1, 12] as const

export type JuliaFound = { path: string; version: string | null }

const JULIA = { id: 'julia', label: 'Julia' }
const JULIAUP = { id: 'juliaup', label: 'juliaup' }
const JULIAC = { id: 'juliac', label: 'juliac (JuliaC.jl)' }

const juliaupBin = (ctx: ProbeContext, name: string): string => join(ctx.home, '.juliaup', 'bin', name)

/** The depot's `bin` folder, where `Pkg.Apps` puts app shims such as `juliac`. */
function depotBin(ctx: ProbeContext): string {
  const first = (ctx.env.JULIA_DEPOT_PATH ?? '').split(process.platform === 'win32' ? ';' : ':')[0]
  return join(first ? first : join(ctx.home, '.julia'), 'bin')
}

const atLeast = (version: string, want: readonly [number, number]): boolean => {
  const [major = 0, minor = 0] = version.split(/[.+-]/).map((n) => Number.parseInt(n, 10))
  return major > want[0] || (major === want[0] && minor >= want[1])
}

export async function probeJulia(ctx: ProbeContext): Promise<{ probe: DoctorProbe; julia: JuliaFound | null }> {
  const loc = await locate(ctx, 'julia', { setting: 'julia.executablePath', places: [juliaupBin(ctx, 'julia')] })
  if (!loc) {
    return {
      probe: missing(JULIA, 'julia is not on PATH or in ~/.juliaup/bin', `${INSTALL_JULIAUP}   # installs juliaup and the latest Julia`),
      julia: null,
    }
  }
  if ('error' in loc) return { probe: broken(JULIA, loc.error, loc.fix), julia: null }
  const r = await run(ctx, loc.path, ['--version'])
  const version = /julia version (\S+)/i.exec(r.stdout)?.[1]
  if (r.code !== 0 || !version) {
    return {
      probe: broken(JULIA, whyFailed(`${loc.path} --version`, r), `reinstall Julia: ${INSTALL_JULIAUP}`, { path: loc.path }),
      julia: null,
    }
  }
  const note = atLeast(version, JULIAC_NEEDS) ? '' : ' — juliac needs Julia 1.12 or newer'
  return {
    probe: found(JULIA, `Julia ${version} (${loc.via})${note}`, { version, path: loc.path }),
    julia: { path: loc.path, version },
  }
}

export async function probeJuliaup(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'juliaup', { places: [juliaupBin(ctx, 'juliaup')] })
  if (!loc || 'error' in loc) return missing(JULIAUP, 'juliaup is not on PATH or in ~/.juliaup/bin', INSTALL_JULIAUP)
  const r = await run(ctx, loc.path, ['--version'])
  const version = /juliaup\s+v?(\d\S*)/i.exec(r.stdout)?.[1]
  if (r.code !== 0 || !version) return broken(JULIAUP, whyFailed(`${loc.path} --version`, r), INSTALL_JULIAUP, { path: loc.path })
  return found(JULIAUP, `juliaup ${version} (${loc.via})`, { version, path: loc.path })
}

/** How to get juliac, given what Julia there is. */
function juliacFix(julia: JuliaFound | null): string {
  if (!julia) return `install Julia first (${INSTALL_JULIAUP}), then: ${INSTALL_JULIAC}`
  if (julia.version && !atLeast(julia.version, JULIAC_NEEDS)) {
    return `juliac needs Julia 1.12+ (found ${julia.version}): juliaup add release && juliaup default release, then: ${INSTALL_JULIAC}`
  }
  return `${INSTALL_JULIAC}   # or in the Pkg REPL: app add JuliaC; then put ~/.julia/bin on PATH`
}

export async function probeJuliac(ctx: ProbeContext, julia: JuliaFound | null): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'juliac', { setting: 'juliac.executablePath', places: [join(depotBin(ctx), 'juliac')] })
  if (loc && 'error' in loc) return broken(JULIAC, loc.error, loc.fix)
  if (loc) {
    const r = await run(ctx, loc.path, ['--version'], true)
    const m = /juliac version (\S+?),?\s+julia version (\S+)/i.exec(r.stdout)
    if (r.code === 0 && m) return found(JULIAC, `juliac ${m[1]} on Julia ${m[2]} (${loc.via})`, { version: m[1], path: loc.path })
    // Older JuliaC has no --version; a working --help is still a working juliac.
    const help = await run(ctx, loc.path, ['--help'], true)
    if (help.code === 0 && /juliac/i.test(help.stdout)) return found(JULIAC, `juliac (${loc.via}); version unknown`, { path: loc.path })
    return broken(JULIAC, whyFailed(`${loc.path} --version`, r), juliacFix(julia), { path: loc.path })
  }
  if (!julia) return missing(JULIAC, 'no juliac on PATH or in ~/.julia/bin, and no Julia to run JuliaC with', juliacFix(julia))
  // JuliaC installed as a package (not as an app) still runs as `julia -m JuliaC`.
  const r = await run(ctx, julia.path, ['--startup-file=no', '-m', 'JuliaC', '--version'], true)
  const m = /juliac version (\S+?),?\s/i.exec(r.stdout)
  if (r.code === 0 && m) {
    return found(JULIAC, `juliac ${m[1]} through \`julia -m JuliaC\` (no juliac app on PATH)`, {
      version: m[1],
      path: `${julia.path} -m JuliaC`,
    })
  }
  if (r.failure === 'timeout') {
    return broken(JULIAC, `no juliac app found, and ${whyFailed('julia -m JuliaC --version', r)}`, juliacFix(julia))
  }
  return missing(JULIAC, 'no juliac on PATH or in ~/.julia/bin, and JuliaC is not installed for this Julia', juliacFix(julia))
}
