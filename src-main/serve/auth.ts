// Access control for the browser host: a printed one-time-use-style token is traded for a session
// cookie, compared in constant time, with wrong tokens rate-limited per remote address.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes (256 bits), URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url')

/** Constant-time string equality. Hashing first makes the comparison independent of length too. */
export const safeEqual = (a: string, b: string): boolean => {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb)
}

/** Cookies are not scoped by port, so two Kiln servers on one host need different cookie names. */
export const sessionCookieName = (port: number): string => `kiln-session-${port}`

export const sessionCookieHeader = (name: string, value: string): string =>
  `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`

export const parseCookies = (header: string | undefined): Map<string, string> => {
  const out = new Map<string, string>()
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const key = part.slice(0, eq).trim()
    if (!out.has(key)) out.set(key, part.slice(eq + 1).trim())
  }
  return out
}

/** Valid session ids; the oldest is forgotten past `max` so a client looping on the token cannot grow memory. */
export class SessionStore {
  private readonly ids: string[] = []

  constructor(private readonly max = 64) {}

  create(): string {
    const id = newSecret()
    this.ids.push(id)
    if (this.ids.length > this.max) this.ids.shift()
    return id
  }

  /** Checks every stored id (no early exit), each in constant time. */
  isValid(candidate: string | undefined): boolean {
    if (!candidate) return false
    let found = false
    for (const id of this.ids) found = safeEqual(id, candidate) || found
    return found
  }
}

/** Counts failures per key in a sliding window; `blocked` once `limit` failures fall inside it. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs
    const times = (this.failures.get(key) ?? []).filter((t) => t > cutoff)
    if (times.length === 0) this.failures.delete(key)
    else this.failures.set(key, times)
    return times
  }

  blocked(key: string): boolean {
    return this.recent(key).length >= this.limit
  }

  /** Seconds until the oldest failure leaves the window (for Retry-After). */
  retryAfterSeconds(key: string): number {
    const times = this.recent(key)
    if (times.length === 0) return 0
    return Math.max(1, Math.ceil((times[0] + this.windowMs - this.now()) / 1000))
  }

  fail(key: string): void {
    const times = this.recent(key)
    times.push(this.now())
    this.failures.set(key, times)
    if (this.failures.size > this.maxKeys) {
      // Forget the oldest key rather than grow without bound under a spray of addresses.
      const first = this.failures.keys().next().value
      if (first !== undefined) this.failures.delete(first)
    }
  }
}
