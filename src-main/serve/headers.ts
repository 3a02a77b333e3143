// Security headers sent with every browser-host response.

/**
 * The renderer's CSP. Scripts only from our own origin. `style-src 'unsafe-inline'` because Monaco
 * and xterm set inline styles (style attributes and injected <style> elements) at run time; styles
 * cannot run code. `worker-src blob:` for Monaco's workers. `connect-src` names the WebSocket
 * origin explicitly because not every browser lets 'self' cover ws:. The Electron host passes no
 * WebSocket origin: it talks over IPC.
 */
export const contentSecurityPolicy = (wsOrigin?: string): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    wsOrigin ? `connect-src 'self' ${wsOrigin}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')

export const securityHeaders = (wsOrigin: string): Record<string, string> => ({
  'Content-Security-Policy': contentSecurityPolicy(wsOrigin),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
})
