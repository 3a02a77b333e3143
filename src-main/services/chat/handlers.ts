// The `chat:*` channels.
import { ok, type Channel } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { ChatService } from './chat-service'

export type ChatChannel = Extract<Channel, `chat:${string}`>

export function chatHandlers(service: ChatService): HandlerMap<ChatChannel> {
  return {
    'chat:list': async () => ok(await service.list()),
    'chat:get': async ({ id }) => ok(await service.get(id)),
    'chat:new': async () => ok(await service.create()),
    'chat:delete': async ({ id }) => ok(await service.delete(id).then(() => null)),
    'chat:rename': async ({ id, title }) => ok(await service.rename(id, title)),
    'chat:context': async (req) => ok(await service.context(req)),
    'chat:budget': async ({ id, content, context }) => ok(await service.budget(id, content, context)),
    'chat:send': async ({ id, content, context, ids }) => ok(await service.send(id, content, context, ids)),
    'chat:stop': async ({ id }) => ok(await service.stop(id).then(() => null)),
    'chat:regenerate': async ({ id }) => ok(await service.regenerate(id)),
    'chat:editResend': async ({ id, messageId, content }) => ok(await service.editResend(id, messageId, content)),
  }
}
