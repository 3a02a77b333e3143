// What the status bar says about the index and the language server: short in the bar, the
// details (progress text, why it failed) in the tooltip.
import { describe, expect, it } from 'vitest'
import type { LangStatus } from '../../src-preload/contract'
import { describeIndex, describeServer } from '../../src-renderer/editor/lsp-status-text'

const server = (s: Partial<LangStatus['server']>): LangStatus['server'] => ({ state: 'ready', name: 'JETLS', message: 'JETLS is ready', progress: null, ...s })

describe('language status texts', () => {
  it('shows the index building, then its size', () => {
    expect(describeIndex({ files: 12, total: 40, symbols: 90, done: false, durationMs: 0 })).toMatchObject({ text: 'Indexing 12/40', busy: true })
    const done = describeIndex({ files: 40, total: 40, symbols: 812, done: true, durationMs: 230 })
    expect(done).toEqual({ text: '812 symbols', title: 'Julia index: 812 definitions in 40 files (built in 230 ms)', busy: false })
  })

  it('keeps the server part short and puts the details in the tooltip', () => {
    expect(describeServer(server({ state: 'absent', name: null, message: 'none installed' }))).toBeNull()
    expect(describeServer(server({}))).toEqual({ text: 'JETLS ready', title: 'JETLS is ready', look: 'ready' })
    const indexing = describeServer(server({ state: 'indexing', name: 'LanguageServer.jl', message: 'LanguageServer.jl is indexing', progress: 'Indexing: Base, Core and 12 more packages (40%)' }))
    expect(indexing).toMatchObject({ text: 'LanguageServer.jl: indexing 40%', look: 'busy' })
    expect(indexing?.title).toContain('Indexing: Base, Core and 12 more packages (40%)')
    expect(describeServer(server({ state: 'indexing', progress: 'Loading' }))?.text).toBe('JETLS: indexing')
    expect(describeServer(server({ state: 'starting', message: 'starting JETLS' }))?.text).toBe('JETLS: starting')
    expect(describeServer(server({ state: 'starting', message: 'JETLS exited with code 1; restarting (2 of 5)\nstderr' }))?.text).toBe('JETLS: restarting 2/5')
    expect(describeServer(server({ name: 'a-server-with-a-really-long-name-indeed' }))?.text).toBe('a-server-with-a-really-… ready')
  })

  it('says failed with only the first line of the reason', () => {
    const crashed = describeServer(server({ state: 'failed', message: "JETLS stopped 6 times (last: exited with code 1); Kiln's own index answers until it is restarted\nERROR: LoadError\nStacktrace:" }))
    expect(crashed).toEqual({ text: 'JETLS: failed', title: "JETLS stopped 6 times (last: exited with code 1); Kiln's own index answers until it is restarted", look: 'failed' })
    const missing = describeServer(server({ state: 'failed', message: 'jetls is not on PATH or in ~/.julia/bin' }))
    expect(missing?.title).toBe('jetls is not on PATH or in ~/.julia/bin\nKiln’s own index answers instead.')
  })
})
