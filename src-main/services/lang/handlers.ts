// TEMPORARY (replaced in this session by the language service's handlers).
import { err } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'

export type LangChannel = Extract<import('../../../src-preload/contract').Channel, `lang:${string}`>

const pending = () => err('UNSUPPORTED', 'the language service is being built')
export function langHandlers(): HandlerMap<LangChannel> {
  return {
    'lang:status': pending, 'lang:workspaceSymbols': pending, 'lang:definition': pending, 'lang:references': pending,
    'lang:hover': pending, 'lang:completion': pending, 'lang:format': pending, 'lang:didOpen': pending,
    'lang:didChange': pending, 'lang:didClose': pending,
  }
}
