// Contract channels for the integrated terminals. The service throws KilnError (NOT_FOUND for an
// unknown id, PROCESS for a shell that cannot start); the router turns those into typed results.
import { ok } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { TerminalService } from './terminal-service'

export type TerminalChannel =
  | 'terminal:create'
  | 'terminal:input'
  | 'terminal:resize'
  | 'terminal:ack'
  | 'terminal:restart'
  | 'terminal:kill'
  | 'terminal:list'

export function terminalHandlers(service: TerminalService): HandlerMap<TerminalChannel> {
  return {
    'terminal:create': async ({ cols, rows }) => ok(await service.create(cols, rows)),
    'terminal:input': ({ id, data }) => {
      service.input(id, data)
      return ok(null)
    },
    'terminal:resize': ({ id, cols, rows }) => {
      service.resize(id, cols, rows)
      return ok(null)
    },
    'terminal:ack': ({ id, chars }) => {
      service.ack(id, chars)
      return ok(null)
    },
    'terminal:restart': async ({ id, cols, rows }) => ok(await service.restart(id, cols, rows)),
    'terminal:kill': ({ id }) => {
      service.kill(id)
      return ok(null)
    },
    'terminal:list': () => ok(service.list()),
  }
}
