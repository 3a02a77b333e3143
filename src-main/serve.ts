// The browser host (`kiln serve`): the built renderer over HTTP and the contract over one
// WebSocket at /ws, behind a printed token traded for an HttpOnly SameSite=Strict cookie.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { isIP, type AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { KilnAppOptions } from './app'
import type { Logger } from './lib/log'
import { newSecret, sessionCookieName } from './serve/auth'
import { Gate, plainPage, refuseUpgrade } from './serve/gate'
import { securityHeaders } from './serve/headers'
import { allowedHostnames, isLoopbackHost, isWildcardHost, originPolicy, urlHost } from './serve/origins'
import type { HostApp } from './serve/host-app'
import { SocketBridge, defaultLimits, type BridgeLimits } from './serve/socket-bridge'
import { serveStatic } from './serve/static-files'

export type { HostApp }

export interface BrowserHostOptions {
  port?: number
  host?: string
  folder?: string | null
  rendererDir: string
  userDataDir: string
  log: Logger
  /** Builds the app; defaults to the real composition root. */
  createApp?: (opts: KilnAppOptions) => Promise<HostApp>
  /** WebSocket backpressure and heartbeat limits (tests shrink them). */
  limits?: Partial<BridgeLimits>
}

export interface BrowserHost {
  url: string
  /** Other addresses of this machine the server answers on (bound to 0.0.0.0 / ::), same token. */
  otherUrls: string[]
  port: number
  token: string
  close(): Promise<void>
}

/** WebSocket messages may carry whole files (saves); beyond this ws refuses the frame. */
const MAX_MESSAGE_BYTES = 256 << 20

/** The request target as a URL, or null when it does not parse (e.g. `//`). */
const requestUrl = (raw: string | undefined): URL | null => {
  try {
    const url = new URL(raw ?? '/', 'http://kiln.invalid')
    // '/x/..//evil.example/' resolves to the path '//evil.example/': never let a path look like a host.
    url.pathname = url.pathname.replace(/^\/+/, '/')
    return url
  } catch {
    return null
  }
}

const defaultCreateApp = async (opts: KilnAppOptions): Promise<HostApp> => {
  // Loaded lazily so the host can be exercised without building every service.
  const { createKilnApp } = await import('./app')
  return createKilnApp(opts)
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const bindHost = opts.host ?? '127.0.0.1'
  const { log } = opts
  if (!isLoopbackHost(bindHost)) {
    log.warn(
      `listening on ${bindHost}, which is reachable from other machines. Anyone with the printed URL ` +
        'controls this computer through Kiln (terminals included); the traffic is not encrypted.',
    )
  }
  const app = await (opts.createApp ?? defaultCreateApp)({
    host: 'browser',
    userDataDir: opts.userDataDir,
    initialFolder: opts.folder ?? null,
    log,
    hooks: { pickFolder: null, openExternal: null },
  })

  const server = createServer()
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 0, bindHost, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    await app.dispose()
    throw e
  }
  const port = (server.address() as AddressInfo).port
  const token = newSecret()
  const origins = originPolicy(bindHost, port)
  const gate = new Gate({ token, cookieName: sessionCookieName(port), origins })
  const bridge = new SocketBridge(app.router, app.events, log, { ...defaultLimits, ...opts.limits })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const shownHost = isWildcardHost(bindHost) ? '127.0.0.1' : urlHost(bindHost)

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // connect-src names the host the browser actually used (127.0.0.1 or localhost); the Gate has
    // already refused any Host that is not ours before a page is served.
    const requestHost = origins.isAllowedHost(req.headers.host) ? (req.headers.host ?? '') : `${shownHost}:${port}`
    for (const [name, value] of Object.entries(securityHeaders(`ws://${requestHost}`))) res.setHeader(name, value)
    if (req.method !== 'GET' && req.method !== 'HEAD') return plainPage(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' })
    const url = requestUrl(req.url)
    if (!url) return plainPage(res, 400, 'Bad request.')
    const decision = gate.check(req, url)
    if (decision.kind === 'deny') return plainPage(res, decision.status, decision.body, decision.headers)
    if (decision.kind === 'redirect') {
      res.writeHead(302, { Location: decision.location, 'Set-Cookie': decision.cookie, 'Cache-Control': 'no-store' })
      return void res.end()
    }
    void serveStatic(req, res, opts.rendererDir, url.pathname, (status, body, headers) =>
      plainPage(res, status, body, headers),
    )
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (requestUrl(req.url)?.pathname !== '/ws') return refuseUpgrade(socket, 404)
    const refusal = gate.checkUpgrade(req)
    if (refusal !== null) {
      log.warn(`refused a websocket upgrade (${refusal}) from origin ${String(req.headers.origin).slice(0, 100)}`)
      return refuseUpgrade(socket, refusal)
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge.attach(ws))
  })

  let closing: Promise<void> | null = null
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      await bridge.closeAll()
      bridge.dispose()
      wss.close()
      server.closeAllConnections()
      await stopped
      await app.dispose()
    })())

  const urlFor = (h: string) => `http://${h}:${port}/?token=${token}`
  // 0.0.0.0 listens on IPv4 only; link-local IPv6 addresses are useless without their zone.
  const reachable = (h: string): boolean => {
    const family = isIP(h.replace(/^\[|\]$/g, ''))
    if (family === 0 || isLoopbackHost(h) || h.startsWith('[fe80:')) return false
    return family === 4 || bindHost !== '0.0.0.0'
  }
  const otherUrls = isWildcardHost(bindHost) ? allowedHostnames(bindHost).filter(reachable).map(urlFor) : []
  return { url: urlFor(shownHost), otherUrls, port, token, close }
}
