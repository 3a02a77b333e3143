// What Kiln answers when the server asks the client something (LSP 3.17 server->client requests).
// Kiln accepts what costs nothing (progress tokens, capability registrations) and declines what
// would need the UI (edits, documents, message boxes) with the answer the spec allows for "no".
import type { JsonRpcConnection } from './connection'
import type { ConfigurationParams } from './protocol'

/**
 * Answers to workspace/configuration by section. Unknown sections get null, which servers read as
 * "use your default". LanguageServer.jl asks for `julia.lint.run` and only lints when it is true
 * (LanguageServer.jl src/requests/workspace.jl, request_julia_config).
 */
export const DEFAULT_CONFIGURATION: Readonly<Record<string, unknown>> = {
  'julia.lint.run': true,
}

export interface ClientContext {
  workspaceFolders: () => { uri: string; name: string }[]
  configuration: Readonly<Record<string, unknown>>
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A section's value: an exact key, else the keys under it gathered into an object. */
export function configurationValue(config: Readonly<Record<string, unknown>>, section: string | undefined): unknown {
  if (section === undefined || section === '') return null
  if (Object.hasOwn(config, section)) return config[section]
  const prefix = `${section}.`
  const nested: Json = {}
  let any = false
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(prefix)) continue
    any = true
    let node = nested
    const parts = key.slice(prefix.length).split('.')
    for (const part of parts.slice(0, -1)) node = isObject(node[part]) ? (node[part] as Json) : (node[part] = {})
    node[parts[parts.length - 1] as string] = value
  }
  return any ? nested : null
}

export function installClientHandlers(conn: JsonRpcConnection, ctx: ClientContext): void {
  conn.onRequest('workspace/configuration', (params) => {
    const items = isObject(params) && Array.isArray(params.items) ? (params as ConfigurationParams).items : []
    return items.map((item) => configurationValue(ctx.configuration, isObject(item) ? item.section : undefined))
  })
  conn.onRequest('workspace/workspaceFolders', () => ctx.workspaceFolders())
  // Progress tokens the server creates are tracked when $/progress arrives (progress.ts).
  conn.onRequest('window/workDoneProgress/create', () => null)
  conn.onRequest('client/registerCapability', () => null)
  conn.onRequest('client/unregisterCapability', () => null)
  conn.onRequest('window/showMessageRequest', () => null) // no action chosen
  conn.onRequest('window/showDocument', () => ({ success: false }))
  conn.onRequest('workspace/applyEdit', () => ({ applied: false, failureReason: 'Kiln does not apply server edits yet' }))
  for (const refresh of ['semanticTokens', 'inlayHint', 'inlineValue', 'diagnostic', 'codeLens', 'foldingRange']) {
    conn.onRequest(`workspace/${refresh}/refresh`, () => null)
  }
}
