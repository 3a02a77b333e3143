// The app's hold on the language server: it follows the open folder and the server settings, and
// its diagnostics reach the event bus.
import { afterEach, describe, expect, it } from 'vitest'
import { toDisposable } from '../../src-main/lib/disposable'
import type { EventName } from '../../src-preload/contract'
import type { StringSettingKey } from '../../src-main/services/settings/schema'
import { planFromSettings, wireLanguageServer } from '../../src-main/services/lsp/wiring'
import { received, startService, until, workspace } from './standin'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function fakes(initialRoot: string | null) {
  const values: Partial<Record<StringSettingKey, string>> = { 'julia.languageServer': 'auto' }
  const settings = { getString: (k: StringSettingKey) => values[k] ?? '' }
  const rootListeners = new Set<(r: string | null) => void>()
  const ws = {
    root: initialRoot,
    onDidChangeRoot: (l: (r: string | null) => void) => {
      rootListeners.add(l)
      return toDisposable(() => rootListeners.delete(l))
    },
  }
  const sinks = new Set<(e: EventName, p: unknown) => void>()
  const events = { subscribe: (s: (e: EventName, p: unknown) => void) => (sinks.add(s), toDisposable(() => sinks.delete(s))) }
  const emitted: { event: string; payload: unknown }[] = []
  const emit = ((event: EventName, payload: unknown) => emitted.push({ event, payload })) as Parameters<typeof wireLanguageServer>[1]['emit']
  return {
    values,
    deps: { settings, workspace: ws, events, emit },
    emitted,
    openRoot: (r: string | null) => {
      ws.root = r
      for (const l of rootListeners) l(r)
    },
    settingsChanged: () => sinks.forEach((s) => s('settings:changed', {})),
  }
}

describe('language server wiring', () => {
  it('starts for the open folder, restarts on a server setting change only, and stops when the folder closes', async () => {
    const w = workspace()
    cleanups.push(w.cleanup)
    const { service } = startService(w.root, { LSP_STANDIN_LOG: w.logFile, LSP_STANDIN_INDEX_MS: '20' })
    cleanups.push(() => service.shutdown())
    const f = fakes(w.root)
    const wiring = wireLanguageServer(service, f.deps)
    cleanups.push(() => wiring.dispose())
    await until('ready', () => service.status().state === 'ready')

    service.didOpen('src/bad.jl', 'undefined_thing\n', 1)
    await until('diagnostics event', () => f.emitted.find((e) => e.event === 'lang:diagnostics' && (e.payload as { path: string }).path === 'src/bad.jl'))

    f.settingsChanged() // nothing the server cares about changed
    await new Promise((r) => setTimeout(r, 100))
    expect(received(w.logFile).filter((m) => m.method === 'initialize')).toHaveLength(1)

    f.values['julia.languageServerPath'] = 'jetls'
    f.settingsChanged()
    await until('restarted', () => received(w.logFile).filter((m) => m.method === 'initialize').length === 2)
    await until('ready again', () => service.status().state === 'ready')

    f.openRoot(null)
    await until('absent', () => service.status().state === 'absent')
    expect(received(w.logFile).map((m) => m.method).filter(Boolean).slice(-2)).toEqual(['shutdown', 'exit'])
    // The closed folder's diagnostics were cleared.
    const last = f.emitted.filter((e) => e.event === 'lang:diagnostics').at(-1)?.payload
    expect(last).toEqual({ path: 'src/bad.jl', diagnostics: [] })
  })

  it('plans from the settings as they are when the server starts', async () => {
    const f = fakes(null)
    f.values['julia.languageServer'] = 'off'
    expect(await planFromSettings(f.deps.settings, { PATH: '' }, '/nonexistent')('/w')).toMatchObject({ kind: 'absent' })
    f.values['julia.languageServer'] = 'JETLS'
    expect(await planFromSettings(f.deps.settings, { PATH: '' }, '/nonexistent')('/w')).toMatchObject({ kind: 'error', name: 'JETLS' })
  })
})
