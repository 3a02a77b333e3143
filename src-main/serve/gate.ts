// The browser host's front door: checks Host, trades the token for a session cookie, rate-limits
// wrong tokens, refuses everything else without a valid cookie, and vets WebSocket upgrades.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { FailureLimiter, SessionStore, parseCookies, safeEqual, sessionCookieHeader } from './auth'
import type { OriginPolicy } from './origins'

export interface GateOptions {
  token: string
  cookieName: string
  origins: OriginPolicy
  sessions?: SessionStore
  limiter?: FailureLimiter
}

export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string; cookie: string }
  | { kind: 'deny'; status: 401 | 403 | 429; body: string; headers?: Record<string, string> }

const NEED_TOKEN =
  'Kiln needs its access link. Open the URL that `kiln serve` printed in its terminal (it ends in ?token=...).'

const clientKey = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown'

export class Gate {
  private readonly sessions: SessionStore
  private readonly limiter: FailureLimiter

  constructor(private readonly opts: GateOptions) {
    this.sessions = opts.sessions ?? new SessionStore()
    this.limiter = opts.limiter ?? new FailureLimiter()
  }

  private hasSession(req: IncomingMessage): boolean {
    return this.sessions.isValid(parseCookies(req.headers.cookie).get(this.opts.cookieName))
  }

  /** Decides an ordinary HTTP request. */
  check(req: IncomingMessage, url: URL): GateDecision {
    if (!this.opts.origins.isAllowedHost(req.headers.host)) {
      return { kind: 'deny', status: 403, body: 'Unknown Host header.' }
    }
    const token = url.searchParams.get('token')
    if (token !== null) return this.exchange(req, url, token)
    if (this.hasSession(req)) return { kind: 'pass' }
    return { kind: 'deny', status: 401, body: NEED_TOKEN }
  }

  private exchange(req: IncomingMessage, url: URL, token: string): GateDecision {
    const key = clientKey(req)
    if (this.limiter.blocked(key)) return this.tooMany(key)
    if (!safeEqual(token, this.opts.token)) {
      this.limiter.fail(key)
      return this.limiter.blocked(key) ? this.tooMany(key) : { kind: 'deny', status: 401, body: `Wrong token. ${NEED_TOKEN}` }
    }
    const rest = new URLSearchParams(url.searchParams)
    rest.delete('token')
    const query = rest.toString()
    return {
      kind: 'redirect',
      location: `${url.pathname}${query ? `?${query}` : ''}`,
      cookie: sessionCookieHeader(this.opts.cookieName, this.sessions.create()),
    }
  }

  private tooMany(key: string): GateDecision {
    return {
      kind: 'deny',
      status: 429,
      body: 'Too many wrong tokens from this address. Wait a minute, then use the printed URL.',
      headers: { 'Retry-After': String(this.limiter.retryAfterSeconds(key)) },
    }
  }

  /** Decides a WebSocket upgrade: our own Origin (403 otherwise) and a session cookie (401 otherwise). */
  checkUpgrade(req: IncomingMessage): 401 | 403 | null {
    if (!this.opts.origins.isAllowedHost(req.headers.host)) return 403
    if (!this.opts.origins.isAllowedOrigin(req.headers.origin)) return 403
    if (!this.hasSession(req)) return 401
    return null
  }
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }

/** Refuses an upgrade on the raw socket, before any WebSocket handshake happens. */
export const refuseUpgrade = (socket: Duplex, status: 401 | 403 | 404): void => {
  const body = `${STATUS_TEXT[status]}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

/** A small HTML page for refusals; no scripts, so it passes the CSP and needs nothing else. */
export const plainPage = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void => {
  const escaped = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const body = `<!doctype html><meta charset="utf-8"><title>Kiln</title><p>${escaped}</p>\n`
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}
