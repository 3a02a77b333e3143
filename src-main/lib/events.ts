// The event bus: services emit contract events; each host forwards them to its renderers.
import type { EventName, Events } from '../../src-preload/contract'
import { toDisposable, type Disposable } from './disposable'

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void
export type EventSink = (event: EventName, payload: unknown) => void

export class EventBus {
  private sinks = new Set<EventSink>()

  readonly emit: Emit = (event, payload) => {
    for (const sink of this.sinks) sink(event, payload)
  }

  subscribe(sink: EventSink): Disposable {
    this.sinks.add(sink)
    return toDisposable(() => this.sinks.delete(sink))
  }

  get size(): number {
    return this.sinks.size
  }
}
