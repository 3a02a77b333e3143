// A language server answers first when it is ready; Kiln's index answers when it is not, when it
// has nothing (null or empty), and when it fails.
import { afterEach, describe, expect, it } from 'vitest'
import type { LangStatus, SymbolLocation } from '../../src-preload/contract'
import { toDisposable } from '../../src-main/lib/disposable'
import type { LanguageServerPort } from '../../src-main/services/lang/server-port'
import { MAIN, SHAPES, startLang, type Harness } from './helpers'

type State = LangStatus['server']['state']

function fakeServer(initial: State) {
  let state: State = initial
  const listeners = new Set<(s: LangStatus['server']) => void>()
  const opened: string[] = []
  const status = (): LangStatus['server'] => ({ state, name: 'FakeLS', message: state, progress: null })
  let definitionAnswer: SymbolLocation[] | null = [{ file: 'from-server.jl', line: 7, column: 1, endLine: 7, endColumn: 5 }]
  const port: LanguageServerPort = {
    status,
    onStatus: (l) => {
      listeners.add(l)
      return toDisposable(() => listeners.delete(l))
    },
    onDiagnostics: () => toDisposable(() => {}),
    workspaceSymbols: async () => [],
    definition: async () => definitionAnswer,
    references: async () => {
      throw new Error('server crashed')
    },
    hover: async () => ({ markdown: 'from the server', source: 'server' }),
    completion: async () => null,
    format: async (_path, content) => [{ line: 1, column: 1, endLine: 1, endColumn: 1, text: `# ${content.length}\n` }],
    didOpen: (path) => void opened.push(`open ${path}`),
    didChange: (path, _c, v) => void opened.push(`change ${path} ${v}`),
    didClose: (path) => void opened.push(`close ${path}`),
    dispose: () => {},
  }
  return {
    port,
    opened,
    setState(s: State) {
      state = s
      for (const l of listeners) l(status())
    },
    answerDefinition(a: SymbolLocation[] | null) {
      definitionAnswer = a
    },
  }
}

let h: Harness | null = null
afterEach(() => {
  h?.dispose()
  h = null
})

describe('language server first, index as the fallback', () => {
  it('uses the index while the server is still indexing, then the server once ready', async () => {
    const server = fakeServer('indexing')
    h = await startLang({ 'src/Shapes.jl': SHAPES, 'main.jl': MAIN }, { server: server.port })
    expect(h.lang.status().server).toMatchObject({ state: 'indexing', name: 'FakeLS' })
    expect((await h.lang.definition('main.jl', 6, 18))[0]?.file).toBe('src/Shapes.jl')
    expect((await h.lang.hover('main.jl', 6, 18))?.source).toBe('index')
    await expect(h.lang.format('main.jl')).rejects.toThrow(/the language server is indexing/)

    server.setState('ready')
    expect(h.statuses.at(-1)?.server.state).toBe('ready') // the status bar hears of it
    expect(await h.lang.definition('main.jl', 6, 18)).toEqual([{ file: 'from-server.jl', line: 7, column: 1, endLine: 7, endColumn: 5 }])
    expect(await h.lang.hover('main.jl', 6, 18)).toEqual({ markdown: 'from the server', source: 'server' })
    expect(await h.lang.format('main.jl')).toEqual([{ line: 1, column: 1, endLine: 1, endColumn: 1, text: `# ${MAIN.length}\n` }])
  })

  it('falls back when the ready server answers nothing, an empty list, or throws', async () => {
    const server = fakeServer('ready')
    h = await startLang({ 'src/Shapes.jl': SHAPES, 'main.jl': MAIN }, { server: server.port })
    server.answerDefinition(null)
    expect((await h.lang.definition('main.jl', 6, 18)).map((l) => l.line)).toEqual([19, 21])
    server.answerDefinition([])
    expect((await h.lang.definition('main.jl', 6, 18)).map((l) => l.line)).toEqual([19, 21])
    expect((await h.lang.references('main.jl', 6, 18, false)).map((l) => `${l.file}:${l.line}`)).toEqual(['main.jl:6', 'src/Shapes.jl:3'])
    expect((await h.lang.workspaceSymbols('Circle', 5)).map((s) => s.file)).toEqual(['src/Shapes.jl'])
    expect((await h.lang.completion('main.jl', 5, 13)).map((c) => c.label)).toContain('report')
  })

  it('passes open buffers on to the server, and formats the unsaved text', async () => {
    const server = fakeServer('ready')
    h = await startLang({ 'main.jl': MAIN }, { server: server.port })
    h.lang.didOpen('main.jl', 'x = 1\n', 1)
    h.lang.didChange('main.jl', 'x = 12\n', 2)
    expect(await h.lang.format('main.jl')).toEqual([{ line: 1, column: 1, endLine: 1, endColumn: 1, text: '# 7\n' }])
    h.lang.didClose('main.jl')
    expect(server.opened).toEqual(['open main.jl', 'change main.jl 2', 'close main.jl'])
  })
})
