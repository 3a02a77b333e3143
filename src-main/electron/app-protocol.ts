// The `kiln://app/` scheme that serves the built renderer in the desktop app. A custom standard,
// secure scheme instead of file:// (Electron's checklist) gives the page a real origin, lets module
// workers load, confines reads to the renderer folder, and lets us send the CSP as a header.
import { readFile, realpath } from 'node:fs/promises'
import { sep } from 'node:path'
import { mimeType, resolveStaticPath } from '../serve/static-files'
import { APP_HOST, APP_SCHEME } from './security'
import type { ProtocolLike } from './types'

/** Must run before the app is ready. */
export const registerAppScheme = (protocol: ProtocolLike): void =>
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ])

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })

/** Answers `kiln://app/<path>` from `rendererDir`; anything else, or outside it, is 404. */
export const appProtocolHandler =
  (rendererDir: string, csp: string) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound()
    const file = resolveStaticPath(rendererDir, url.pathname)
    if (!file) return notFound()
    try {
      const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)])
      if (!real.startsWith(root + sep)) return notFound()
      const body = await readFile(real)
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'Content-Type': mimeType(real),
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      })
    } catch {
      return notFound()
    }
  }

export const handleAppProtocol = (protocol: ProtocolLike, rendererDir: string, csp: string): void =>
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, csp))
