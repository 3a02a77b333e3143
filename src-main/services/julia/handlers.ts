// TEMPORARY (replaced in this session by the julia service's handlers).
import { err } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'

export type JuliaChannel = Extract<import('../../../src-preload/contract').Channel, `julia:${string}`>

const pending = () => err('UNSUPPORTED', 'the Julia service is being built')
export function juliaHandlers(): HandlerMap<JuliaChannel> {
  return {
    'julia:status': pending, 'julia:start': pending, 'julia:restart': pending, 'julia:stop': pending, 'julia:interrupt': pending,
    'julia:eval': pending, 'julia:variables': pending, 'julia:environments': pending, 'julia:setEnvironment': pending,
    'julia:environment': pending, 'julia:pkg': pending, 'julia:testRun': pending, 'julia:testCancel': pending,
  }
}
