// The index waits after a folder opens (so parsing does not compete with the window loading), but a
// question does not wait for that delay: Ctrl+T right after opening finds the definitions.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../src-main/lib/events'
import { silentLogger } from '../../src-main/lib/log'
import { LangService } from '../../src-main/services/lang/lang-service'
import { WorkspaceService } from '../../src-main/services/workspace/workspace-service'
import { inProcessIndexer, writeTree } from './helpers'

const cleanup: (() => void)[] = []
afterEach(() => cleanup.splice(0).forEach((f) => f()))

describe('when the symbol index starts', () => {
  it('waits after a folder opens, but a question starts it at once and gets the answer', async () => {
    const root = await writeTree({ 'src/a.jl': 'function alpha(x)\n    x + 1\nend\n', 'src/b.jl': 'struct Beta end\n' })
    const events = new EventBus()
    const workspace = new WorkspaceService({ userDataDir: await mkdtemp(join(tmpdir(), 'kiln-ud-')), emit: events.emit, log: silentLogger, watch: false })
    const lang = new LangService({ workspace, events, emit: events.emit, log: silentLogger, server: null, syntax: { index: inProcessIndexer }, startDelayMs: 60_000 })
    cleanup.push(() => lang.dispose(), () => workspace.dispose())
    const opened = await workspace.open(root)
    expect(opened.ok).toBe(true)
    await new Promise((r) => setTimeout(r, 100))
    expect(lang.status().index.files).toBe(0) // still waiting for its delay

    const t0 = performance.now()
    const found = await lang.workspaceSymbols('alp', 10)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(found.map((s) => [s.name, s.file, s.line])).toEqual([['alpha', 'src/a.jl', 1]])
    expect(lang.status().index).toMatchObject({ files: 2, done: true })
  })
})
