// `kiln symbols DIR --json` on real Julia source: four files of Julia's own base/ (see the fixture's
// README). Each expected line below was checked by reading the file.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src-main/cli'

const BASE = join(__dirname, '../fixtures/julia-base')
type Item = { name: string; kind: string; file: string; line: number }

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
  return { code, out, err }
}

describe('kiln symbols on Julia base/', () => {
  it('prints every definition as JSON, sorted by file then line', async () => {
    const { code, out, err } = await run(['symbols', BASE, '--json'])
    expect(code).toBe(0)
    expect(err).toBe('')
    const items = JSON.parse(out) as Item[]
    expect(Object.keys(items[0]!)).toEqual(['name', 'kind', 'file', 'line'])
    const sorted = [...items].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    expect(items).toEqual(sorted)
    expect(new Set(items.map((i) => i.file))).toEqual(new Set(['bool.jl', 'missing.jl', 'pair.jl', 'some.jl']))
    const has = (name: string, kind: string, file: string, line: number) => expect(items).toContainEqual({ name, kind, file, line })
    // some.jl
    has('Some', 'struct', 'some.jl', 11)
    has('show', 'function', 'some.jl', 37)
    has('something', 'function', 'some.jl', 89) // `function something end`
    has('isnothing', 'function', 'some.jl', 64)
    // pair.jl
    has('=>', 'const', 'pair.jl', 3) // `const => = Pair`
    has('_pairhash_seed', 'const', 'pair.jl', 44)
    has('==', 'function', 'pair.jl', 51)
    has('promote_rule', 'function', 'pair.jl', 75) // a short-form method over two lines
    // bool.jl: operators, long and short form
    has('!', 'function', 'bool.jl', 33)
    has('~', 'function', 'bool.jl', 39) // `(~)(x::Bool) = !x`
    has('xor', 'function', 'bool.jl', 75)
    has('+', 'function', 'bool.jl', 111) // `function +(x::Bool, y::T)::promote_type(Bool,T) where T<:AbstractFloat`
    // missing.jl: macro-prefixed long forms, structs
    has('MissingException', 'struct', 'missing.jl', 14)
    has('SkipMissing', 'struct', 'missing.jl', 232)
    has('getindex', 'function', 'missing.jl', 256) // `@propagate_inbounds function getindex(...)`
    has('mapreduce_impl', 'function', 'missing.jl', 298) // `@noinline function …` over two lines
    has('coalesce', 'function', 'missing.jl', 409)
    // Methods generated inside `for … @eval` loops are not top-level definitions.
    expect(items.filter((i) => i.file === 'missing.jl' && i.line > 92 && i.line < 119)).toEqual([])
    expect(items.filter((i) => i.file === 'some.jl').length).toBe(19)
    expect(items.filter((i) => i.file === 'pair.jl').length).toBe(20)
  })

  it('prints a readable table without --json', async () => {
    const { code, out } = await run(['symbols', BASE])
    expect(code).toBe(0)
    expect(out).toMatch(/^some\.jl:11\s+struct\s+Some$/m)
    expect(out).toMatch(/^missing\.jl:298\s+function\s+mapreduce_impl$/m)
  })

  it('names the container, relative paths in subfolders, and says so for a folder without Julia', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiln-sym-'))
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(dir, 'src'))
    await writeFile(join(dir, 'src', 'M.jl'), 'module M\nconst X = 1\nend\n')
    const { out } = await run(['symbols', dir, '--json'])
    expect(JSON.parse(out)).toEqual([
      { name: 'M', kind: 'module', file: 'src/M.jl', line: 1 },
      { name: 'X', kind: 'const', file: 'src/M.jl', line: 2 },
    ])
    expect((await run(['symbols', dir])).out).toMatch(/^src\/M\.jl:2\s+const\s+X  \(M\)$/m)
    const empty = await mkdtemp(join(tmpdir(), 'kiln-sym-'))
    expect(await run(['symbols', empty, '--json'])).toEqual({ code: 0, out: '[]\n', err: '' })
  })

  it('rejects bad arguments with a usage message', async () => {
    expect((await run(['symbols'])).code).toBe(2)
    expect((await run(['symbols', BASE, '--bogus'])).err).toMatch(/unknown option --bogus/)
    const missing = await run(['symbols', join(BASE, 'nope')])
    expect(missing).toMatchObject({ code: 1 })
    expect(missing.err).toMatch(/no such folder/)
    expect((await run(['symbols', join(BASE, 'some.jl')])).err).toMatch(/is a file, not a folder/)
    expect((await run(['--help'])).out).toMatch(/symbols DIR \[--json\]/)
  })
})
