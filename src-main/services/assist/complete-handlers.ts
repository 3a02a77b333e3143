// The `assist:complete` and `assist:status` channels (assist:edit and assist:cancel live in edit-handlers.ts).
import { ok } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { CompleteService } from './complete-service'

export function completeHandlers(service: CompleteService): HandlerMap<'assist:complete' | 'assist:status'> {
  return {
    'assist:complete': async (req) => ok(await service.complete(req)),
    'assist:status': async () => ok(await service.status()),
  }
}
