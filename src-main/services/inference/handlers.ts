// The `inference:*` channels: the local model server, its model library and memory estimates.
import { ok, type Channel } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { InferenceService } from './inference-service'

export type InferenceChannel = Extract<Channel, `inference:${string}`>

export function inferenceHandlers(service: InferenceService): HandlerMap<InferenceChannel> {
  return {
    'inference:status': async () => ok(await service.status()),
    'inference:models': async ({ rescan }) => ok(await service.models(rescan)),
    'inference:estimate': async ({ path, contextSize, gpuLayers }) => ok(await service.estimate(path, contextSize, gpuLayers)),
    'inference:start': async ({ path, ...options }) => ok(await service.start({ path, ...options })),
    'inference:stop': async () => ok(await service.stop()),
    'inference:restart': async () => ok(await service.restart()),
    'inference:complete': async ({ prompt, maxTokens }) => ok(await service.complete(prompt, maxTokens)),
    'inference:log': () => ok(service.logText()),
  }
}
