// TEMPORARY (replaced in this session by the build service's handlers).
import { err, type Channel } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'

export type JuliacChannel = Extract<Channel, `juliac:${string}`>

const pending = () => err('UNSUPPORTED', 'juliac builds are being built')
export function juliacHandlers(): HandlerMap<JuliacChannel> {
  return {
    'juliac:status': pending, 'juliac:configs': pending, 'juliac:saveConfigs': pending, 'juliac:newProject': pending,
    'juliac:build': pending, 'juliac:cancel': pending, 'juliac:history': pending, 'juliac:log': pending,
    'juliac:artifacts': pending, 'juliac:inspect': pending, 'juliac:run': pending, 'juliac:package': pending, 'juliac:generate': pending,
  }
}
