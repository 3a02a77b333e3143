// The language service over a real folder: Ctrl+T, definition, references, hover and completion
// from Kiln's own index, kept current as files change on disk and buffers change in the editor.
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { KilnError } from '../../src-main/router'
import { MAIN, SHAPES, startLang, type Harness } from './helpers'

let h: Harness | null = null
afterEach(() => {
  h?.dispose()
  h = null
})
const start = async (files: Record<string, string> = { 'src/Shapes.jl': SHAPES, 'main.jl': MAIN, 'README.md': '# not Julia\n' }) => (h = await startLang(files))

describe('the workspace index', () => {
  it('indexes every .jl file and reports progress with a final done status', async () => {
    const { lang, statuses } = await start()
    const s = lang.status()
    expect(s.index).toMatchObject({ files: 2, total: 2, done: true })
    expect(s.index.symbols).toBe(7) // Shapes, Circle, area ×2, @twice; UNIT, report
    expect(s.server.state).toBe('absent')
    expect(statuses.at(-1)?.index.done).toBe(true)
    expect(statuses.some((x) => !x.index.done)).toBe(true)
  })

  it('ranks Ctrl+T results: exact name, then prefix, then fuzzy', async () => {
    const { lang } = await start({ 'a.jl': 'area_total(x) = x\narea(x) = x\ncompute_area(x) = x\nreport_area(x) = x\n' })
    expect((await lang.workspaceSymbols('area', 10)).map((s) => s.name)).toEqual(['area', 'area_total', 'report_area', 'compute_area'])
    expect((await lang.workspaceSymbols('rpa', 10)).map((s) => s.name)).toEqual(['report_area'])
    const [top] = await lang.workspaceSymbols('AREA', 1)
    expect(top).toMatchObject({ name: 'area', kind: 'function', file: 'a.jl', line: 2, signature: 'area(x) = x' })
  })

  it('goes to every method of a qualified call in another file, and to a macro', async () => {
    const { lang } = await start()
    // `    a = Shapes.area(c)`: the cursor on `area`.
    expect(await lang.definition('main.jl', 6, 18)).toEqual([
      { file: 'src/Shapes.jl', line: 19, column: 1, endLine: 19, endColumn: 5 },
      { file: 'src/Shapes.jl', line: 21, column: 10, endLine: 21, endColumn: 14 },
    ])
    expect(await lang.definition('main.jl', 8, 6)).toEqual([{ file: 'src/Shapes.jl', line: 25, column: 7, endLine: 25, endColumn: 12 }])
    expect(await lang.definition('main.jl', 11, 9)).toEqual([{ file: 'main.jl', line: 3, column: 7, endLine: 3, endColumn: 11 }])
    expect(await lang.definition('main.jl', 2, 1)).toEqual([]) // an empty line
  })

  it('finds references across files, with and without the declarations', async () => {
    const { lang } = await start()
    const refs = await lang.references('src/Shapes.jl', 19, 2, true)
    expect(refs.map((r) => `${r.file}:${r.line}:${r.column}`)).toEqual(['main.jl:6:16', 'src/Shapes.jl:3:16', 'src/Shapes.jl:19:1', 'src/Shapes.jl:21:10'])
    const uses = await lang.references('src/Shapes.jl', 19, 2, false)
    expect(uses.map((r) => `${r.file}:${r.line}`)).toEqual(['main.jl:6', 'src/Shapes.jl:3'])
    const macro = await lang.references('main.jl', 8, 7, true)
    expect(macro.map((r) => `${r.file}:${r.line}:${r.column}-${r.endColumn}`)).toEqual(['main.jl:8:5-11', 'src/Shapes.jl:25:7-12'])
  })

  it('hovers with the signature in a Julia block, the docstring and where it is', async () => {
    const { lang } = await start()
    const hover = await lang.hover('main.jl', 6, 17)
    expect(hover?.source).toBe('index')
    expect(hover?.markdown).toBe(
      ['```julia', 'area(c::Circle) = π * c.r^2', 'function area(w::Float64, h::Float64)', '```', '', '    area(shape)\n\nThe area of a shape.', '', '2 definitions: `src/Shapes.jl:19` · `src/Shapes.jl:21`'].join('\n'),
    )
    expect(await lang.hover('main.jl', 7, 6)).toBeNull() // println: not defined in the workspace
  })

  it('completes workspace names, macros after @, keywords and the file’s own variables', async () => {
    const { lang } = await start({ 'src/Shapes.jl': SHAPES, 'main.jl': `${MAIN}rep\n@tw\nfunc\nShapes.ar\nrepo_a = 1\nrep\n` })
    const labels = async (line: number, column: number) => (await lang.completion('main.jl', line, column)).map((c) => c.label)
    // `report` from the index; `repo_a` and `report_line` are identifiers of this file.
    expect(await labels(12, 4)).toEqual(['repo_a', 'report', 'report_line'])
    expect(await labels(13, 4)).toEqual(['@twice'])
    expect(await labels(14, 5)).toEqual(['function'])
    expect(await labels(15, 10)).toEqual(['area'])
    const [area] = await lang.completion('main.jl', 15, 10)
    expect(area).toMatchObject({ kind: 'function', detail: '2 methods', insertText: 'area' })
  })
})

describe('keeping the index current', () => {
  it('re-indexes files changed, created and deleted on disk', async () => {
    const { lang, events, root } = await start()
    await writeFile(join(root, 'extra.jl'), 'perimeter(c) = 2π * c.r\n')
    await writeFile(join(root, 'main.jl'), 'renamed_report(c) = c\n')
    events.emit('workspace:changed', { changes: [{ path: 'extra.jl', kind: 'created' }, { path: 'main.jl', kind: 'changed' }] })
    await lang.indexed()
    expect((await lang.workspaceSymbols('perimeter', 5)).map((s) => `${s.file}:${s.line}`)).toEqual(['extra.jl:1'])
    expect(await lang.workspaceSymbols('report', 5)).toMatchObject([{ name: 'renamed_report' }])
    await rm(join(root, 'src'), { recursive: true })
    events.emit('workspace:changed', { changes: [{ path: 'src', kind: 'deleted' }] })
    await lang.indexed()
    expect(await lang.workspaceSymbols('Circle', 5)).toEqual([])
    expect(lang.status().index).toMatchObject({ files: 2, total: 2, done: true })
  })

  it('answers from unsaved buffer text, and from disk again once the buffer closes', async () => {
    const { lang } = await start()
    lang.didOpen('main.jl', 'function draft_report(c)\nend\n', 1)
    lang.didChange('main.jl', 'function draft_report2(c)\nend\n', 2)
    lang.didChange('main.jl', 'stale(c) = 1\n', 1) // an older version arriving late is ignored
    await lang.indexed()
    await new Promise((r) => setTimeout(r, 50))
    expect((await lang.workspaceSymbols('draft', 5)).map((s) => s.name)).toEqual(['draft_report2'])
    expect(await lang.workspaceSymbols('stale', 5)).toEqual([])
    expect(await lang.definition('main.jl', 1, 12)).toEqual([{ file: 'main.jl', line: 1, column: 10, endLine: 1, endColumn: 23 }])
    lang.didClose('main.jl')
    await lang.indexed()
    expect(await lang.workspaceSymbols('draft', 5)).toEqual([])
    expect((await lang.workspaceSymbols('report', 5)).map((s) => s.name)).toEqual(['report'])
  })

  it('skips files over the size limit', async () => {
    const { lang } = await (h = await startLang({ 'big.jl': `big() = 1\n${'#'.repeat(5000)}\n`, 'small.jl': 'small() = 1\n' }, { maxBytes: 1000 }))
    expect(lang.status().index).toMatchObject({ files: 1, total: 1, done: true })
    expect(await lang.workspaceSymbols('big', 5)).toEqual([])
  })

  it('says plainly that formatting needs a language server', async () => {
    const { lang } = await start()
    const e = await lang.format('main.jl').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KilnError)
    expect((e as KilnError).code).toBe('UNSUPPORTED')
    expect((e as KilnError).message).toMatch(/language server \(LanguageServer\.jl or JETLS\)/)
  })
})
