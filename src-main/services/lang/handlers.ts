// The `lang:*` channels, answered by the language service (a language server first, Kiln's index
// as the fallback).
import { ok, type Channel } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { LangService } from './lang-service'

export type LangChannel = Extract<Channel, `lang:${string}`>

export function langHandlers(lang: LangService, restartServer: () => Promise<void>): HandlerMap<LangChannel> {
  return {
    'lang:restartServer': async () => {
      await restartServer()
      return ok(null)
    },
    'lang:status': () => ok(lang.status()),
    'lang:workspaceSymbols': async ({ query, limit }) => ok(await lang.workspaceSymbols(query, limit)),
    'lang:definition': async ({ path, line, column }) => ok(await lang.definition(path, line, column)),
    'lang:references': async ({ path, line, column, includeDeclaration }) => ok(await lang.references(path, line, column, includeDeclaration)),
    'lang:hover': async ({ path, line, column }) => ok(await lang.hover(path, line, column)),
    'lang:completion': async ({ path, line, column }) => ok(await lang.completion(path, line, column)),
    'lang:format': async ({ path }) => ok(await lang.format(path)),
    'lang:didOpen': ({ path, content, version }) => {
      lang.didOpen(path, content, version)
      return ok(null)
    },
    'lang:didChange': ({ path, content, version }) => {
      lang.didChange(path, content, version)
      return ok(null)
    },
    'lang:didClose': ({ path }) => {
      lang.didClose(path)
      return ok(null)
    },
  }
}
