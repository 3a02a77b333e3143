// The preload bridge with a fake contextBridge and ipcRenderer (Electron is never loaded).
import { describe, expect, it, vi } from 'vitest'
import type { KilnApi } from '../../src-preload/contract'

type Sent = { channel: string; args: unknown[] }

const fake = vi.hoisted(() => {
  const invoked: Sent[] = []
  const ipcListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>()
  const exposed: Record<string, unknown> = {}
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args })
      return { ok: true, value: `answer to ${String(args[0])}` }
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      ipcListeners.set(channel, listener)
    },
  }
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) }
  return { invoked, ipcListeners, exposed, ipcRenderer, contextBridge }
})

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }))

const load = async (): Promise<KilnApi> => {
  await import('../../src-preload/index')
  return fake.exposed.kiln as KilnApi
}

const emitFromMain = (...args: unknown[]) => fake.ipcListeners.get('kiln:event')?.({}, ...args)

describe('preload bridge', () => {
  it('exposes window.kiln with only host, call and on; never ipcRenderer', async () => {
    const kiln = await load()
    expect(Object.keys(kiln).sort()).toEqual(['call', 'host', 'on'])
    expect(kiln.host).toBe('electron')
    expect(Object.values(kiln)).not.toContain(fake.ipcRenderer)
    expect(Object.values(fake.exposed)).toHaveLength(1)
  })

  it('sends contract channels over kiln:call and returns the result', async () => {
    const kiln = await load()
    const result = await kiln.call('workspace:read', { path: 'src/a.jl' })
    expect(result).toEqual({ ok: true, value: 'answer to workspace:read' })
    expect(fake.invoked.at(-1)).toEqual({ channel: 'kiln:call', args: ['workspace:read', { path: 'src/a.jl' }] })
  })

  it('rejects channels outside the contract without sending anything', async () => {
    const kiln = await load()
    const before = fake.invoked.length
    const call = kiln.call as (channel: string, args: unknown) => ReturnType<KilnApi['call']>
    expect(await call('shell:exec', { cmd: 'rm -rf ~' })).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' })
    expect(await call('__proto__', {})).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' })
    expect(fake.invoked.length).toBe(before)
  })

  it('fans events out to listeners of that event only, and unsubscribes', async () => {
    const kiln = await load()
    const data: unknown[] = []
    const exits: unknown[] = []
    const off = kiln.on('terminal:data', (p) => data.push(p))
    kiln.on('terminal:exit', (p) => exits.push(p))
    emitFromMain('terminal:data', { id: 't1', data: 'hi' })
    emitFromMain('not:an-event', { id: 't1' })
    expect(data).toEqual([{ id: 't1', data: 'hi' }])
    expect(exits).toEqual([])
    off()
    emitFromMain('terminal:data', { id: 't1', data: 'again' })
    expect(data).toHaveLength(1)
  })

  it('refuses to subscribe to names outside the contract', async () => {
    const kiln = await load()
    const on = kiln.on as (event: string, cb: () => void) => () => void
    expect(() => on('ipc:anything', () => {})).toThrow(/unknown event/)
  })
})
