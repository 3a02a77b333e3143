// The Julia code Kiln ships (everything under resources/: the REPL side, project templates) must parse cleanly under tree-sitter-julia, the
// parser the editor uses: a syntax error there would show as a red marker in Kiln's own files.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseErrors } from '../../src-main/services/syntax/julia-parser'

const root = join(__dirname, '../../resources')
// The folder may hold no file yet (git keeps no empty folder): then there is nothing to check.
const juliaFiles = (dir: string): string[] =>
  !existsSync(dir)
    ? []
    : readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? juliaFiles(join(dir, e.name)) : e.name.endsWith('.jl') ? [join(dir, e.name)] : [],
  )

describe('resources/**/*.jl', () => {
  it('the check itself catches a syntax error', async () => {
    expect(await parseErrors('function f(x\n    x\nend\n')).not.toEqual([])
  })

  it('finds the files it checks (the REPL side and the app template)', () => {
    const found = juliaFiles(root).map((f) => relative(root, f))
    expect(found).toEqual(expect.arrayContaining(['julia/kiln.jl', 'templates/julia-app/src/KilnApp.jl']))
  })

  for (const file of juliaFiles(root)) {
    it(`${relative(root, file)} parses without syntax errors`, async () => {
      const errors = await parseErrors(readFileSync(file, 'utf8'))
      expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([])
    })
  }
})
