// Which build phase a line of juliac's output shows. JuliaC.jl (src/compiling.jl, linking.jl,
// bundling.jl) prints, in order:
//   --verbose: `Running: \`julia … Pkg.instantiate(); Pkg.precompile()\``, `Precompilation took …`,
//              `Running: \`julia … --output-o … juliac-buildscript.jl …\``
//   always:    `Compiling...` (a spinner on a terminal: `\r◐ Compiling...`), then the compiler's own
//              output: the trim verifier (`Verifier error #N`, `Trim verify finished with …`)
//   always:    `✓ Compiling...` when the compiler process ends (also after a failure)
//   --verbose: `Compilation took …`, `Image size: …`, `Running: \`gcc … -o NAME …\``,
//              `Linking took …`, `Linked artifact size: …`
//   --bundle:  `PackageCompiler: bundled libraries:` / `bundled artifacts:` tables
// Without --verbose nothing marks linking, so `✓ Compiling...` after a clean verify is taken as
// the start of linking (JuliaC links right after compiling). With no marker at all the phase
// stays where the build service put it ('compiling' from the start).
import type { BuildPhase } from './types'

export const PHASE_ORDER: readonly BuildPhase[] = ['queued', 'compiling', 'trimming', 'linking', 'bundling', 'done']

export function phaseRank(p: BuildPhase): number {
  return PHASE_ORDER.indexOf(p)
}

const COMPILERS = /(?:^|[\\/\s`'"])(?:gcc|g\+\+|clang|clang\+\+|cc|c\+\+)(?:\.exe)?['"]?\s/

/** The phase a (clean) line announces, or null. `compiledOk` tells whether the verifier passed. */
export function phaseOfLine(line: string, compiledOk: boolean): BuildPhase | null {
  const t = line.trimStart()
  if (t.startsWith('Running: ')) {
    const cmd = t.slice('Running: '.length)
    if (/Pkg\.instantiate|Pkg\.precompile|juliac-buildscript|--output-o|--output-bc/.test(cmd)) return 'compiling'
    if (COMPILERS.test(` ${cmd.replace(/^`/, '')}`)) return 'linking'
    return null
  }
  if (/^Precompilation took /.test(t)) return 'compiling'
  if (/^[◐◓◑◒] Compiling\.\.\./.test(t) || t === 'Compiling...') return 'compiling'
  if (/^✓ Compiling\.\.\./.test(t)) return compiledOk ? 'linking' : null
  if (/^(?:Verifier (?:error|warning) #\d+|Error #\d+:|Trim verify finished with |Verifier errors: \d+)/.test(t)) return 'trimming'
  if (/^(?:Linking took |Linked artifact size: )/.test(t)) return 'linking'
  if (/^PackageCompiler: bundled (?:libraries|artifacts)/.test(t)) return 'bundling'
  return null
}
