// JuliacLogReader on streamed output: the same diagnostics whatever the chunking, the phase as
// JuliaC prints its steps, and diagnostics handed out as soon as they are complete.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JuliacLogReader, parseJuliacLog, type BuildPhase, type RawDiagnostic } from '../../src-main/services/juliac/log/parse'

const T = join(__dirname, '../fixtures/juliac-double/transcripts')
const read = (name: string) => readFileSync(join(T, `${name}.txt`), 'utf8')

function stream(text: string, sizes: number[]) {
  const reader = new JuliacLogReader()
  const phases: BuildPhase[] = []
  const diagnostics: RawDiagnostic[] = []
  let at = 0
  for (let i = 0; at < text.length; i++) {
    const n = sizes[i % sizes.length]!
    const step = reader.push(text.slice(at, at + n))
    at += n
    if (step.phase) phases.push(step.phase)
    diagnostics.push(...step.diagnostics)
  }
  const last = reader.end()
  if (last.phase) phases.push(last.phase)
  diagnostics.push(...last.diagnostics)
  return { phases, diagnostics, errors: last.errors, warnings: last.warnings, summary: last.summary }
}

describe('JuliacLogReader', () => {
  it('gives the same result as the whole-file parse for any chunking, CRLF split included', () => {
    for (const name of ['windows', 'verifier-errors', 'before-57657', 'crash', 'master-format', 'trimcheck']) {
      const text = read(name)
      const whole = parseJuliacLog(text)
      for (const sizes of [[1], [7, 3], [64], [text.length]]) {
        const s = stream(text, sizes)
        expect({ diagnostics: s.diagnostics, errors: s.errors, warnings: s.warnings, summary: s.summary }, `${name} in chunks of ${sizes}`).toEqual(whole)
      }
    }
  })

  it('hands a verifier error out when its stack trace ends, before the build finishes', () => {
    const reader = new JuliacLogReader()
    const text = read('verifier-errors')
    const cut = text.lastIndexOf('\n\n') // the blank line that closes the trace
    expect(reader.push(text.slice(0, cut + 1)).diagnostics).toEqual([])
    const step = reader.push('\n')
    expect(step.diagnostics.map((d) => d.index)).toEqual([1])
    expect(reader.end().diagnostics).toEqual([])
  })

  it('follows the phases of a --verbose bundled build (lines JuliaC.jl prints, see phases.ts)', () => {
    const log = [
      "Running: `julia --project=/w -e 'using Pkg; Pkg.instantiate(); Pkg.precompile()'`",
      'Precompilation took 3.2 s',
      'Running: `julia --project=/w --output-o /tmp/x/image.o.a --output-incremental=no --trim=safe juliac-buildscript.jl --source /w/app.jl --output-exe`',
      'Compiling...',
      'Verifier warning #1: unresolved call from statement f()::Union{}',
      '',
      'Trim verify finished with 0 errors, 1 warning.',
      '✓ Compiling...',
      'Compilation took 41.5 s',
      'Image size: 3.1 MiB',
      "Running: `gcc -march=x86-64 -o app -Wl,--whole-archive /tmp/x/image.o.a -ljulia`",
      'Linking took 0.8 s',
      'PackageCompiler: bundled libraries:',
      '  Total library file size: 40.1 MiB',
      '',
    ].join('\n')
    expect(stream(log, [1]).phases).toEqual(['compiling', 'trimming', 'linking', 'bundling'])
    expect(stream(log, [log.length]).phases).toEqual(['bundling']) // one chunk: only the last change is reported
  })

  it('shows compiling while the spinner redraws without a newline, and never goes back', () => {
    const reader = new JuliacLogReader('queued')
    expect(reader.push('\r◐ Compiling...').phase).toBe('compiling')
    expect(reader.push('\r◓ Compiling...').phase).toBeUndefined()
    expect(reader.push('\r✓ Compiling...\nPackageCompiler: bundled libraries:\n').phase).toBe('bundling')
    expect(reader.push('Compiling...\n').phase).toBeUndefined()
    expect(reader.phase).toBe('bundling')
  })

  it('does not move to linking after a failed verify (JuliaC prints ✓ Compiling... then fails)', () => {
    const reader = new JuliacLogReader('compiling')
    reader.push(read('verifier-errors'))
    reader.push('✓ Compiling...\nERROR: Failed to compile /w/app.jl\n')
    expect(reader.phase).toBe('trimming')
    const end = reader.end()
    expect(end.diagnostics.map((d) => d.message)).toEqual(['Failed to compile /w/app.jl'])
  })

  it('without any marker the phase stays as the service set it', () => {
    const reader = new JuliacLogReader('compiling')
    expect(reader.push('  Activating project at `/w`\nPrecompiling packages...\n')).toEqual({ diagnostics: [] })
    expect(reader.phase).toBe('compiling')
  })
})
