// Which Host headers and Origins count as the browser host's own. Checking the Host header defeats
// DNS rebinding (a foreign name resolving to 127.0.0.1); checking the Origin of the WebSocket
// upgrade defeats cross-site WebSocket hijacking.
import { hostname, networkInterfaces } from 'node:os'
import { isIP } from 'node:net'

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)

export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]'

/** The host as it appears in a URL: IPv6 addresses in brackets, names lowercased. */
export const urlHost = (host: string): string => {
  const bare = host.replace(/^\[|\]$/g, '')
  return isIP(bare) === 6 ? `[${bare.toLowerCase()}]` : bare.toLowerCase()
}

/** Every name a browser may legitimately use to reach a server bound to `bindHost`. */
export const allowedHostnames = (bindHost: string): string[] => {
  if (isLoopbackHost(bindHost)) return [...new Set([urlHost(bindHost), ...LOOPBACK_NAMES])]
  if (!isWildcardHost(bindHost)) return [urlHost(bindHost)]
  const names = new Set(LOOPBACK_NAMES)
  for (const list of Object.values(networkInterfaces())) {
    for (const addr of list ?? []) names.add(urlHost(addr.address.replace(/%.*$/, '')))
  }
  const name = hostname().toLowerCase()
  names.add(name)
  names.add(`${name}.local`)
  return [...names]
}

export interface OriginPolicy {
  /** `Host` header (name:port) the request was sent to, if it is one of ours. */
  isAllowedHost(hostHeader: string | undefined): boolean
  isAllowedOrigin(origin: string | undefined): boolean
}

export const originPolicy = (bindHost: string, port: number): OriginPolicy => {
  const hosts = new Set(allowedHostnames(bindHost).map((h) => `${h}:${port}`))
  const origins = new Set([...hosts].map((h) => `http://${h}`))
  return {
    isAllowedHost: (hostHeader) => hostHeader !== undefined && hosts.has(hostHeader.toLowerCase()),
    isAllowedOrigin: (origin) => origin !== undefined && origins.has(origin.toLowerCase()),
  }
}
