// Electron's security checklist, as functions over injected Electron objects: navigation and new
// windows denied, permissions denied, a CSP header on every response, https-only external links.
import type { Logger } from '../lib/log'
import type { HeadersDetailsLike, PreventableEvent, SessionLike, WebContentsLike } from './types'

/** The production renderer is served from this privileged custom scheme, never from file://. */
export const APP_SCHEME = 'kiln'
export const APP_HOST = 'app'
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

const parse = (raw: string): URL | null => {
  try {
    return new URL(raw)
  } catch {
    return null
  }
}

/** The URL, normalized, when it is an `https:` URL with a host; otherwise null. */
export const parseHttpsUrl = (raw: string): string | null => {
  const url = parse(raw)
  return url && url.protocol === 'https:' && url.hostname !== '' ? url.toString() : null
}

/**
 * A predicate for "this URL is the app itself": same scheme, host and port as `appUrl`.
 * (Compared by parts because WHATWG URLs give custom schemes an opaque "null" origin.)
 */
export const appUrlMatcher = (appUrl: string): ((url: string) => boolean) => {
  const app = new URL(appUrl)
  return (raw) => {
    const url = parse(raw)
    return url !== null && url.protocol === app.protocol && url.host === app.host && url.username === '' && url.password === ''
  }
}

/** Opens a link outside Kiln only when it parses as https; returns whether it did. */
export const openHttpsExternally = (
  openExternal: (url: string) => Promise<void>,
  log: Logger,
): ((raw: string) => Promise<boolean>) => {
  return async (raw) => {
    const url = parseHttpsUrl(raw)
    if (!url) {
      log.warn(`refused to open a non-https link: ${raw.slice(0, 200)}`)
      return false
    }
    await openExternal(url)
    return true
  }
}

/** Navigation stays on the app; new windows never open (https links go to the system browser). */
export function guardWebContents(
  contents: WebContentsLike,
  isAppUrl: (url: string) => boolean,
  openExternal: (url: string) => Promise<boolean>,
  log: Logger,
): void {
  const stayOnApp = (kind: string) => (details: { url: string } & PreventableEvent) => {
    if (isAppUrl(details.url)) return
    details.preventDefault()
    log.warn(`blocked ${kind} to ${details.url.slice(0, 200)}`)
  }
  contents.on('will-navigate', stayOnApp('navigation'))
  contents.on('will-redirect', stayOnApp('redirect'))
  contents.on('will-frame-navigate', stayOnApp('frame navigation'))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url).catch((e: unknown) => log.warn(`could not open ${url.slice(0, 200)}: ${String(e)}`))
    return { action: 'deny' }
  })
}

/**
 * Relaxed only for `electron-vite dev`: Vite's React refresh preamble is an inline script and its
 * HMR client connects over ws:. The packaged app never uses this policy.
 */
export const devContentSecurityPolicy = (strict: string): string =>
  strict.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws:")

/** Denies every permission request and check, and stamps the CSP on every response. */
export function lockDownSession(session: SessionLike, csp: (details: HeadersDetailsLike) => string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    // Replace, not merge, whatever the server sent (the dev server sends none).
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name]
    headers['Content-Security-Policy'] = [csp(details)]
    callback({ responseHeaders: headers })
  })
}
