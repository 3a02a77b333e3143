// The language server service against the stand-in server (real LSP over stdio): handshake,
// indexing then ready, each feature's round trip with positions mapped, diagnostics, timeouts,
// crashes and restarts, and a clean exit.
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LangDiagnostic } from '../../src-preload/contract'
import type { LanguageServerService } from '../../src-main/services/lsp/language-server-service'
import { columnOf, received, SHAPES, STANDIN, startService, until, USE, workspace } from './standin'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup(knobs: Record<string, string> = {}, opts: Parameters<typeof startService>[2] = {}) {
  const ws = workspace()
  const started = startService(ws.root, { LSP_STANDIN_LOG: ws.logFile, LSP_STANDIN_INDEX_MS: '100', ...knobs }, opts)
  cleanups.push(ws.cleanup, () => started.service.shutdown())
  return { ...ws, ...started }
}

/** Ready after indexing: the stand-in is briefly ready between the handshake and its $/progress begin. */
const ready = (service: LanguageServerService, statuses: { state: string }[]) =>
  until('ready after indexing', () => service.status().state === 'ready' && statuses.some((s) => s.state === 'indexing'))

describe('language server service with the stand-in server', () => {
  it('shakes hands, shows indexing progress, then becomes ready', async () => {
    const { service, statuses, root, logFile } = setup({ LSP_STANDIN_INDEX_MS: '600' })
    expect(service.status().state).toBe('absent') // no folder yet
    await service.setWorkspaceRoot(root)
    expect(statuses[0]).toMatchObject({ state: 'starting', name: 'standin' })
    const indexing = await until('indexing', () => statuses.find((s) => s.state === 'indexing'))
    expect(indexing.progress).toBe('Indexing: 0/2 files (0%)')
    // While the server indexes, questions get null (the language service answers from its index).
    expect(await service.hover('src/use.jl', 2, columnOf(USE, 2, 'area'))).toBeNull()
    await until('progress report', () => statuses.find((s) => s.progress === 'Indexing: 1/2 files (50%)'))
    await ready(service, statuses)
    expect(service.status()).toEqual({ state: 'ready', name: 'standin', message: 'standin is ready', progress: null })
    // (The stand-in, like LanguageServer.jl, may look ready for a moment before its indexing begins.)
    expect(statuses.map((s) => s.state).filter((s, i, a) => s !== a[i - 1]).slice(-2)).toEqual(['indexing', 'ready'])

    const init = received(logFile).find((m) => m.method === 'initialize')?.params as Record<string, unknown>
    expect(init.rootUri).toBe(`file://${root}`)
    expect(init.processId).toBe(process.pid)
    expect(init.capabilities).toMatchObject({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } }, window: { workDoneProgress: true } })
    const methods = received(logFile).map((m) => m.method)
    expect(methods.indexOf('initialized')).toBeGreaterThan(methods.indexOf('initialize'))
    // The server asked for workspace/configuration and window/workDoneProgress/create; Kiln answered both.
    const answers = received(logFile).filter((m) => m.method === undefined) as { result?: unknown; error?: unknown }[]
    expect(answers).toContainEqual(expect.objectContaining({ result: [true] }))
    expect(answers.every((a) => a.error === undefined)).toBe(true)
  })

  it('answers hover, definition, references, completion, symbols and formatting with positions mapped', async () => {
    const { service, statuses, root } = setup()
    await service.setWorkspaceRoot(root)
    await ready(service, statuses)

    // The column counts UTF-16 units past an emoji (two units); one less would name `area` instead.
    const circle = await service.definition('src/use.jl', 2, columnOf(USE, 2, 'Circle'))
    expect(circle).toEqual([{ file: 'src/Shapes.jl', line: 3, column: 8, endLine: 3, endColumn: 14 }])

    const hover = await service.hover('src/use.jl', 2, columnOf(USE, 2, 'area'))
    expect(hover?.source).toBe('server')
    expect(hover?.markdown).toContain('area(c::Circle) = π * c.r^2')
    expect(await service.hover('src/use.jl', 2, 1)).toBeNull() // `x`: nothing defined

    const refs = await service.references('src/Shapes.jl', 7, 1, false)
    expect(refs).toEqual([
      { file: 'src/Shapes.jl', line: 10, column: columnOf(SHAPES, 10, 'area'), endLine: 10, endColumn: columnOf(SHAPES, 10, 'area') + 4 },
      { file: 'src/use.jl', line: 2, column: columnOf(USE, 2, 'area'), endLine: 2, endColumn: columnOf(USE, 2, 'area') + 4 },
    ])
    expect(await service.references('src/Shapes.jl', 7, 1, true)).toHaveLength(3)

    const items = await service.completion('src/use.jl', 2, columnOf(USE, 2, 'area') + 2)
    expect(items).toContainEqual({ label: 'area', kind: 'function', detail: 'area(c::Circle) = π * c.r^2', insertText: 'area' })
    writeFileSync(join(root, 'src', 'more.jl'), 'Ci\n@tw\nfo\n')
    expect(await service.completion('src/more.jl', 1, 3)).toContainEqual(expect.objectContaining({ label: 'Circle', kind: 'struct' }))
    expect(await service.completion('src/more.jl', 2, 4)).toContainEqual(expect.objectContaining({ label: '@twice', kind: 'macro' }))
    // A snippet comes back as plain text with its placeholders' defaults.
    expect(await service.completion('src/more.jl', 3, 3)).toContainEqual({ label: 'for', kind: 'other', detail: '', insertText: 'for i in 1:n\n\t\nend' })

    expect(await service.workspaceSymbols('circ')).toEqual([
      { name: 'Circle', kind: 'struct', file: 'src/Shapes.jl', line: 3, endLine: 3, container: null, signature: 'Circle', doc: null },
    ])

    const messy = 'function f()\n\treturn 1   \nend\n'
    const edits = await service.format('src/f.jl', messy)
    expect(edits).toEqual([{ line: 2, column: 1, endLine: 2, endColumn: 13, text: '    return 1' }])
  })

  it('passes the server’s diagnostics on for open buffers and clears them when fixed', async () => {
    const { service, root } = setup()
    const seen: { path: string; diagnostics: LangDiagnostic[] }[] = []
    service.onDiagnostics((path, diagnostics) => seen.push({ path, diagnostics }))
    const text = 'y = "😀"; z = undefined_thing + 1 # warn: looks odd\n'
    service.didOpen('src/new.jl', text, 1) // before the server runs: sent once it has started
    service.didOpen('notes.md', '# undefined_thing', 1) // not Julia: never sent
    await service.setWorkspaceRoot(root)
    const first = await until('diagnostics', () => seen.find((s) => s.path === 'src/new.jl'))
    expect(first.diagnostics).toEqual([
      { line: 1, column: columnOf(text, 1, 'undefined_thing'), endLine: 1, endColumn: columnOf(text, 1, 'undefined_thing') + 15, message: '`undefined_thing` not defined', severity: 'error', source: 'standin' },
      { line: 1, column: columnOf(text, 1, '# warn'), endLine: 1, endColumn: text.indexOf('\n') + 1, message: 'looks odd', severity: 'warning', source: 'standin' },
    ])
    service.didChange('src/new.jl', 'z = 1\n', 2)
    await until('cleared', () => seen.at(-1)?.path === 'src/new.jl' && seen.at(-1)?.diagnostics.length === 0)
    expect(seen.some((s) => s.path === 'notes.md')).toBe(false)
  })

  it('gives up on a slow answer: null after the time limit, and the request is cancelled', async () => {
    const { service, statuses, root, logFile } = setup({ LSP_STANDIN_HANG: 'textDocument/hover' }, { requestTimeoutMs: 300 })
    await service.setWorkspaceRoot(root)
    await ready(service, statuses)
    const t0 = Date.now()
    expect(await service.hover('src/use.jl', 2, columnOf(USE, 2, 'area'))).toBeNull()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    const hoverId = received(logFile).find((m) => m.method === 'textDocument/hover')?.id
    await until('cancel', () => received(logFile).find((m) => m.method === '$/cancelRequest' && (m.params as { id: unknown }).id === hoverId))
    // The server is still usable after it.
    expect(await service.definition('src/use.jl', 2, columnOf(USE, 2, 'Circle'))).toHaveLength(1)
  })

  it('restarts a server that dies and tells the new one which buffers are open', async () => {
    const marker = workspace()
    cleanups.push(marker.cleanup)
    const { service, statuses, root, logFile } = setup({ LSP_STANDIN_CRASH_ONCE: join(marker.root, 'crashed') })
    service.didOpen('src/use.jl', USE, 3)
    await service.setWorkspaceRoot(root)
    await until('restart', () => statuses.find((s) => s.state === 'starting' && /exited with code 5; restarting \(1 of 5\)/.test(s.message)))
    await ready(service, statuses)
    const opens = received(logFile).filter((m) => m.method === 'textDocument/didOpen')
    expect(opens).toHaveLength(2) // once per server
    expect(await service.hover('src/use.jl', 2, columnOf(USE, 2, 'area'))).not.toBeNull()
  })

  it('names a server run through an interpreter by what it says it is, across restarts too', async () => {
    const marker = workspace()
    cleanups.push(marker.cleanup)
    const { service, statuses, root } = setup(
      { LSP_STANDIN_CRASH_ONCE: join(marker.root, 'crashed') },
      {
        plan: async (r) => ({ kind: 'launch', name: 'Language server', command: process.execPath, args: [STANDIN], cwd: r, via: 'test', nameFromServer: true }),
      },
    )
    await service.setWorkspaceRoot(root)
    expect(statuses[0]).toMatchObject({ state: 'starting', name: 'Language server' })
    // The first process answered initialize (serverInfo: lsp-standin) before it died.
    const restarting = await until('restart', () => statuses.find((s) => /restarting \(1 of 5\)/.test(s.message)))
    expect(restarting).toMatchObject({ state: 'starting', name: 'lsp-standin' })
    await ready(service, statuses)
    expect(service.status()).toMatchObject({ state: 'ready', name: 'lsp-standin', message: 'lsp-standin is ready' })
    expect(statuses.slice(statuses.indexOf(restarting)).every((s) => s.name === 'lsp-standin')).toBe(true)
  })

  it('stops restarting after five restarts and says why, with the end of its stderr', async () => {
    const { service, root, logFile } = setup({ LSP_STANDIN_CRASH: 'initialized' })
    await service.setWorkspaceRoot(root)
    const failed = await until('failed', () => (service.status().state === 'failed' ? service.status() : null))
    expect(failed.message).toMatch(/^standin stopped 6 times \(last: exited with code 5\)/)
    expect(failed.message).toContain('[standin] crashing after the handshake as asked')
    expect(received(logFile).filter((m) => m.method === 'initialize')).toHaveLength(6)
    expect(await service.completion('src/use.jl', 1, 1)).toBeNull()
    await new Promise((r) => setTimeout(r, 100))
    expect(received(logFile).filter((m) => m.method === 'initialize')).toHaveLength(6) // and stays stopped
  })

  it('shuts the server down with shutdown and exit, and it is gone afterwards', async () => {
    const { service, statuses, root, logFile, log } = setup()
    await service.setWorkspaceRoot(root)
    await ready(service, statuses)
    const pid = Number(/started pid (\d+)/.exec(log.lines.join('\n'))?.[1])
    expect(pid).toBeGreaterThan(0)
    await service.shutdown()
    expect(received(logFile).map((m) => m.method).filter(Boolean).slice(-2)).toEqual(['shutdown', 'exit'])
    expect(() => process.kill(pid, 0)).toThrow()
    expect(await service.hover('src/use.jl', 2, 5)).toBeNull()
  })

  it('takes the server down on dispose too, without waiting for it', async () => {
    const { service, statuses, root, log } = setup()
    await service.setWorkspaceRoot(root)
    await ready(service, statuses)
    const pid = Number(/started pid (\d+)/.exec(log.lines.join('\n'))?.[1])
    service.dispose()
    await until('server gone', () => {
      try {
        process.kill(pid, 0)
        return false
      } catch {
        return true
      }
    })
  })

  it('reports absent and failed plans without starting anything', async () => {
    const ws = workspace()
    cleanups.push(ws.cleanup)
    const absent = startService(ws.root, {}, { plan: async () => ({ kind: 'absent', message: 'no server installed' }) })
    await absent.service.setWorkspaceRoot(ws.root)
    expect(absent.service.status()).toEqual({ state: 'absent', name: null, message: 'no server installed', progress: null })
    const broken = startService(ws.root, {}, { plan: async () => ({ kind: 'error', name: 'JETLS', message: 'jetls is not on PATH' }) })
    await broken.service.setWorkspaceRoot(ws.root)
    expect(broken.service.status()).toMatchObject({ state: 'failed', name: 'JETLS', message: 'jetls is not on PATH' })
    const missing = startService(ws.root, {}, { plan: async () => ({ kind: 'launch', name: 'x', command: join(ws.root, 'nope'), args: [], cwd: ws.root, via: 't' }) })
    await missing.service.setWorkspaceRoot(ws.root)
    await until('failed', () => missing.service.status().state === 'failed')
    expect(missing.service.status().message).toMatch(/could not run: .*ENOENT/)
  })
})
