// Drift check between the spec (docs/protocol.md, "The Julia side channel"), Kiln's Julia-side file
// (resources/julia/kiln.jl) and the test double: every verb and message type in the spec's tables
// is handled by both, and the limits agree. The parse check of kiln.jl lives in
// test/syntax/resources-julia.test.ts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')
const read = (p: string) => readFileSync(join(root, p), 'utf8')
const spec = read('docs/protocol.md').split('## The Julia side channel')[1] ?? ''
const kiln = read('resources/julia/kiln.jl')
const double = ['session.mjs', 'main.mjs', 'wire.mjs'].map((f) => read(`test/fixtures/julia-double/${f}`)).join('\n')

/** First-column names of the table under a `### heading` of the spec. */
function tableNames(heading: string): string[] {
  const section = spec.split(`### ${heading}`)[1]?.split('\n### ')[0] ?? ''
  return [...section.matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1] as string)
}

const verbs = tableNames('Requests (main → Julia)')
const types = tableNames('Messages (Julia → main)')

describe('side channel spec, kiln.jl and the double agree', () => {
  it('the spec lists the verbs and message types', () => {
    expect(verbs).toEqual(['eval', 'variables', 'interrupt', 'activate', 'ping'])
    expect(types).toEqual(['hello', 'result', 'variables', 'ack', 'project', 'pong', 'display', 'error'])
  })

  it.each(verbs)('kiln.jl and the double dispatch the verb %s', (verb) => {
    expect(kiln).toMatch(new RegExp(`"${verb}"`))
    expect(double).toMatch(new RegExp(`'${verb}'`))
  })

  it.each(types)('kiln.jl and the double send messages of type %s', (type) => {
    expect(kiln).toContain(`type="${type}"`)
    expect(double).toMatch(new RegExp(`type: '${type}'`))
  })

  it('the limits are the same everywhere', () => {
    expect(spec).toContain('at most `16` fields, each at most `64 MiB`')
    expect(kiln).toMatch(/const MAX_FIELDS = 16\b/)
    expect(kiln).toMatch(/const FIELD_LIMIT = 64 \* 1024\^2\b/)
    expect(double).toMatch(/MAX_FIELDS = 16\b/)
    expect(double).toMatch(/FIELD_LIMIT = 64 \* 1024 \* 1024\b/)
    expect(spec).toContain('cut at `20000` characters')
    expect(kiln).toMatch(/const TEXT_LIMIT = 20_000\b/)
    expect(read('test/fixtures/julia-double/session.mjs')).toMatch(/TEXT_LIMIT = 20_000\b/)
  })

  it('both name the module a result ran in, falling back to Main for one that is not loaded', () => {
    expect(spec).toContain('the `result`\'s `module` says so')
    expect(kiln).toMatch(/something\(resolve_module\(field\(r, "module"\)\), Main\)/)
    expect(kiln).toContain('NamedTuple{(Symbol("module"),)}')
    expect(read('test/fixtures/julia-double/session.mjs')).toMatch(/findModule\(state\.vars, module\) \?\? mainOf\(state\.vars\)/)
    expect(double).toMatch(/module: mod\.path/)
  })

  it('kiln.jl removes the socket and token from ENV and uses only the standard library', () => {
    expect(kiln).toMatch(/delete!\(ENV, "KILN_SOCKET"\)/)
    expect(kiln).toMatch(/delete!\(ENV, "KILN_TOKEN"\)/)
    const used = [...kiln.matchAll(/^\s*(?:using|import)\s+([\w, .]+)/gm)].flatMap((m) => (m[1] as string).split(/[,\s]+/).filter(Boolean))
    const stdlib = new Set(['Sockets', 'Base64', 'REPL', 'Pkg', 'InteractiveUtils'])
    expect(used.filter((u) => !stdlib.has(u.split('.')[0] as string))).toEqual([])
  })
})
