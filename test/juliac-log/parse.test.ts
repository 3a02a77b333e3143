// parseJuliacLog on real juliac output (test/fixtures/juliac-double/transcripts, sources in
// SOURCES.md there). Every count, index, message and frame below was checked by reading the file.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseJuliacLog } from '../../src-main/services/juliac/log/parse'

const T = join(__dirname, '../fixtures/juliac-double/transcripts')
const parse = (name: string) => parseJuliacLog(readFileSync(join(T, `${name}.txt`), 'utf8'))

describe('parseJuliacLog on real transcripts', () => {
  it('a successful bundled build (JuliaC.jl#77) has no diagnostics', () => {
    expect(parse('success')).toEqual({ diagnostics: [], errors: 0, warnings: 0, summary: null })
  })

  it('reads Verifier error #1 with its message and six frames (JuliaC.jl#70)', () => {
    const r = parse('verifier-errors')
    expect(r.errors).toBe(1)
    expect(r.warnings).toBe(0)
    expect(r.summary).toBeNull()
    expect(r.diagnostics).toHaveLength(1)
    const d = r.diagnostics[0]!
    expect(d.severity).toBe('error')
    expect(d.index).toBe(1)
    expect(d.message).toBe('unresolved call from statement Core._apply_iterate(Base.iterate, Base.tuple, %new()::Vector{Union{UInt64, String}})::Tuple{Vararg{Union{UInt64, String}}}')
    expect(d.frames).toEqual([
      { func: 'split_idents(s::SubString{String})', file: 'version.jl', line: 126 },
      { func: 'tryparse(::Type{VersionNumber}, v::String)', file: 'version.jl', line: 140 },
      { func: 'parse(::Type{VersionNumber}, v::String)', file: 'version.jl', line: 146 },
      { func: 'VersionNumber(v::String)', file: 'version.jl', line: 151 },
      { func: 'main(ARGS::Vector{String})', file: '~/src/JuliaC.jl/test/AppProject/src/AppProject.jl', line: 6 },
      { func: '_main(argc::Int32, argv::Ptr{Ptr{Int8}})', file: '~/.julia/dev/JuliaC/src/scripts/juliac-buildscript.jl', line: 73 },
    ])
  })

  it('ignores frames left over from an error above the excerpt, and reads big indices (ArgParse.jl#138)', () => {
    const r = parse('argparse-many')
    expect(r.diagnostics).toHaveLength(1)
    const d = r.diagnostics[0]!
    expect(d.index).toBe(962)
    expect(d.message).toBe('unresolved call from statement (Base.getindex(Core.getfield(φ ()::Any, 1)::Any, 1)::Any ∉ prefixes::Any)::Any')
    expect(d.frames).toEqual([
      { func: 'read_args_from_files(arg_strings::Any, prefixes::Any)', file: '~/.julia/packages/ArgParse/mpp98/src/parsing.jl', line: 573 },
      { func: 'parse_args_unhandled(args_list::Vector, settings::ArgParse.ArgParseSettings, truncated_shopts::Bool)', file: '~/.julia/packages/ArgParse/mpp98/src/parsing.jl', line: 598 },
    ])
  })

  it("prefers TrimCheck's summary counts over the diagnostics it printed (julia#60669)", () => {
    const r = parse('trimcheck')
    expect(r.summary).toBe('Verifier errors: 11, warnings: 0')
    expect(r.errors).toBe(11)
    expect(r.warnings).toBe(0)
    expect(r.diagnostics).toHaveLength(1)
    expect(r.diagnostics[0]!.frames.map((f) => [f.file, f.line])).toEqual([['stacktraces.jl', 148], ['stacktraces.jl', 192], ['stacktraces.jl', 203]])
    expect(r.diagnostics[0]!.frames[1]!.func).toBe('stacktrace(trace::Array{Union{Ptr{Nothing}, InterpreterIP}, 1}, c_funcs::Bool)')
  })

  it('reads a Windows log: CRLF, backslash paths, the 1.12 summary, the fatal error after the spinner (JuliaC.jl#47)', () => {
    const r = parse('windows')
    expect(r.summary).toBe('Trim verify finished with 10 errors, 0 warnings.')
    expect([r.errors, r.warnings]).toEqual([10, 0])
    expect(r.diagnostics).toHaveLength(2)
    const [v, fatal] = r.diagnostics
    expect(v!.index).toBe(10)
    expect(v!.message).toBe('unresolved call from statement Base.print(%new()::IOBuffer, φ ()::Any)::Any')
    expect(v!.frames).toHaveLength(12)
    expect(v!.frames[0]).toEqual({ func: 'print_to_string(::String, ::Vararg{Any})', file: 'strings\\io.jl', line: 143 })
    expect(v!.frames[8]).toEqual({ func: '_splitdir_nodrive(a::String, b::String)', file: 'path.jl', line: 157 })
    expect(v!.frames[11]).toEqual({ func: '__init__()', file: '.\\libblastrampoline_jll\\src\\libblastrampoline_jll.jl', line: 58 })
    expect(v!.frames.every((f) => !f.file.includes('\r') && !f.func.includes('\r'))).toBe(true)
    expect(fatal).toEqual({ severity: 'error', index: null, message: 'fatal: error thrown and no exception handler available.', frames: [] })
  })

  it("reads Julia master's `Error #N:` with a statement over several lines (JuliaC.jl#161)", () => {
    const r = parse('master-format')
    expect(r.diagnostics).toHaveLength(1)
    const d = r.diagnostics[0]!
    expect(d.index).toBe(1)
    expect(d.message).toBe('unresolved call from statement print(\n  (…)::IOBuffer,\n  :(φ (%326 => %322, %348 => %343))::Any\n)::Any')
    expect(d.frames).toHaveLength(6)
    expect(d.frames[4]).toEqual({ func: 'findprev(testf::ComposedFunction{typeof(!), typeof(Base.Filesystem.isseparator)}, s::String, i::Int64)', file: 'strings/search.jl', line: 675 })
  })

  it('reads a segfault with its C backtrace (julia#37288)', () => {
    const r = parse('crash')
    expect(r.errors).toBe(1)
    const d = r.diagnostics[0]!
    expect(d).toMatchObject({ severity: 'error', index: null, message: 'signal (11): Segmentation fault' })
    expect(d.frames).toHaveLength(7)
    expect(d.frames[0]).toEqual({ func: 'jl_create_native', file: '/buildworker/worker/package_linux64/build/src/aotcompile.cpp', line: 310 })
    expect(d.frames[6]).toEqual({ func: '_start', file: '/nix/store/10svy949354fyfpzzphiyv26v015cwwr-julia-1.5.1/bin/julia', line: null })
  })

  it('keeps the half-printed error of a build killed for memory (julia#60412)', () => {
    const r = parse('oom-kill')
    expect(r.diagnostics).toEqual([{ severity: 'error', index: 1, message: '', frames: [] }])
  })

  it('reads the older one-count-per-line summaries and a fatal error with its message (julia#57657)', () => {
    const r = parse('before-57657')
    expect([r.errors, r.warnings]).toEqual([57, 1])
    expect(r.summary).toBe('Trim verify finished with 1 warning.\nTrim verify finished with 57 errors.')
    const d = r.diagnostics[0]!
    expect(d.message).toBe('fatal: error thrown and no exception handler available.\nErrorException("verify_typeinf_trim failed")')
    expect(d.frames.map((f) => f.func)).toEqual(['error', 'verify_typeinf_trim', 'jl_apply', 'jl_f__call_latest'])
    expect(d.frames[0]).toEqual({ func: 'error', file: './error.jl', line: 44 })
  })

  it('reads warnings (synthesized transcript, see SOURCES.md)', () => {
    const r = parse('warnings-only.synthesized')
    expect([r.errors, r.warnings]).toEqual([0, 1])
    expect(r.diagnostics.map((d) => [d.severity, d.index, d.frames.length])).toEqual([['warning', 1, 2]])
  })
})

describe('parseJuliacLog on edge cases', () => {
  it('strips colour codes that Julia puts around headers and types', () => {
    const text = '\x1b[31m\x1b[1mVerifier error #3\x1b[22m\x1b[39m: \x1b[1munresolved invoke\x1b[22m from statement f()\x1b[90m::\x1b[39mAny\nStacktrace:\n [1] \x1b[0m\x1b[1mmain\x1b[22m\x1b[0m\x1b[1m(\x1b[22m\x1b[0m\x1b[1m)\x1b[22m\n\x1b[90m   @\x1b[39m \x1b[35mApp\x1b[39m \x1b[90m~/App/src/\x1b[39m\x1b[90m\x1b[4mApp.jl:4\x1b[24m\x1b[39m\n\n'
    expect(parseJuliacLog(text).diagnostics).toEqual([
      { severity: 'error', index: 3, message: 'unresolved invoke from statement f()::Any', frames: [{ func: 'main()', file: '~/App/src/App.jl', line: 4 }] },
    ])
  })

  it('reads Windows drive paths, with and without a module, and paths with spaces', () => {
    const text = 'Verifier error #1: unresolved call from statement g()::Any\r\nStacktrace:\r\n [1] main(ARGS::Vector{String})\r\n   @ App C:\\Users\\Ada Lovelace\\App\\src\\App.jl:12\r\n [2] run()\r\n   @ C:\\work\\run.jl:3 [inlined]\r\n\r\n'
    expect(parseJuliacLog(text).diagnostics[0]!.frames).toEqual([
      { func: 'main(ARGS::Vector{String})', file: 'C:\\Users\\Ada Lovelace\\App\\src\\App.jl', line: 12 },
      { func: 'run()', file: 'C:\\work\\run.jl', line: 3 },
    ])
  })

  it('counts the diagnostics when there is no summary, and reads JuliaC ERROR lines', () => {
    const text = 'Compiling...\nVerifier warning #1: unresolved opaque closure from statement x::Any\n\nVerifier error #1: unresolved ccallable for Tuple{typeof(f)} => Int64\n\n✓ Compiling...\nERROR: Failed to compile /w/app.jl\nStacktrace:\n [1] error(s::String)\n   @ Base ./error.jl:44\n'
    const r = parseJuliacLog(text)
    expect([r.errors, r.warnings, r.summary]).toEqual([2, 1, null])
    expect(r.diagnostics.map((d) => [d.severity, d.index, d.message])).toEqual([
      ['warning', 1, 'unresolved opaque closure from statement x::Any'],
      ['error', 1, 'unresolved ccallable for Tuple{typeof(f)} => Int64'],
      ['error', null, 'Failed to compile /w/app.jl'],
    ])
    expect(r.diagnostics[2]!.frames).toEqual([{ func: 'error(s::String)', file: './error.jl', line: 44 }])
  })
})
