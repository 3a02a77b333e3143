// The `assist:edit` and `assist:cancel` channels (assist:complete and assist:status live with completion).
import { ok } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { EditService } from './edit-service'
import type { AssistRequests } from './requests'

export function editHandlers(service: EditService, requests: AssistRequests): HandlerMap<'assist:edit' | 'assist:cancel'> {
  return {
    'assist:edit': (req) => ok(service.edit(req)),
    'assist:cancel': ({ requestId }) => {
      requests.cancel(requestId)
      return ok(null)
    },
  }
}
