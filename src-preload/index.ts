// The preload bridge: exposes `window.kiln` (a `KilnApi`) to the sandboxed, context-isolated
// renderer. It hands over small named functions only, never ipcRenderer itself: `call` sends only
// contract channel names over 'kiln:call'; `on` subscribes only to contract event names, and one
// 'kiln:event' ipc listener fans events out to them.
import { contextBridge, ipcRenderer } from 'electron'
import {
  err,
  ipcChannels,
  isChannel,
  isEventName,
  type ArgsOf,
  type Channel,
  type EventName,
  type Events,
  type KilnApi,
  type Result,
  type ResultOf,
} from './contract'

/** The two ipcRenderer methods the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: KilnApi): void
}

type Listener = (payload: unknown) => void

/** Keeps listeners per event name and delivers what arrives on the single event channel. */
export const createEventHub = (ipc: IpcRendererLike) => {
  const listeners = new Map<EventName, Set<Listener>>()
  ipc.on(ipcChannels.event, (_event, name, payload) => {
    if (typeof name !== 'string' || !isEventName(name)) return
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload)
      } catch (e) {
        console.error(`kiln: a listener for ${name} threw`, e)
      }
    }
  })
  const subscribe = (name: EventName, listener: Listener): (() => void) => {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener)
    return () => void set.delete(listener)
  }
  return { subscribe }
}

export const createKilnApi = (ipc: IpcRendererLike): KilnApi => {
  const hub = createEventHub(ipc)

  const call = async <C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return err('UNKNOWN_CHANNEL', `unknown channel: ${String(channel).slice(0, 100)}`)
    }
    try {
      return (await ipc.invoke(ipcChannels.call, channel, args)) as Result<ResultOf<C>>
    } catch (e) {
      // invoke rejects when args cannot be cloned or main has no handler: still a typed result.
      return err('INTERNAL', `${channel}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  const on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void): (() => void) => {
    if (typeof event !== 'string' || !isEventName(event) || typeof listener !== 'function') {
      throw new TypeError(`kiln.on: unknown event ${String(event).slice(0, 100)}`)
    }
    return hub.subscribe(event, listener as Listener)
  }

  return { host: 'electron', call, on }
}

export const exposeKilnApi = (bridge: ContextBridgeLike, ipc: IpcRendererLike): void =>
  bridge.exposeInMainWorld('kiln', createKilnApi(ipc))

exposeKilnApi(contextBridge, ipcRenderer)
