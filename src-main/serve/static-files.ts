// Static files of the built renderer, confined to its folder (no traversal, no symlink escape,
// no directory listings).
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export const mimeType = (file: string): string => MIME[extname(file).toLowerCase()] ?? 'application/octet-stream'

const inside = (root: string, file: string): boolean => file === root || file.startsWith(root + sep)

/**
 * Maps a URL pathname to a file under `root`, or null when it would leave `root` or is malformed
 * (bad percent-encoding, NUL, backslashes, `..` segments, even encoded ones).
 */
export const resolveStaticPath = (root: string, pathname: string): string | null => {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null
  if (decoded.split('/').some((segment) => segment === '..')) return null
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded
  const file = resolve(root, `.${relative}`)
  return inside(resolve(root), file) ? file : null
}

const cacheControl = (pathname: string): string =>
  // Vite puts content-hashed names under /assets/; everything else (index.html) must revalidate.
  pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'

export type Reply = (status: number, body: string, headers?: Record<string, string>) => void

/** Serves `pathname` from `root`; answers 404 itself for anything missing or outside. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
  reply: Reply,
): Promise<void> {
  const file = resolveStaticPath(root, pathname)
  if (!file) return reply(404, 'Not found')
  try {
    // Resolve symlinks on both sides so a link inside the folder cannot point outside it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)])
    if (!inside(realRoot, realFile)) return reply(404, 'Not found')
    const info = await stat(realFile)
    if (!info.isFile()) return reply(404, 'Not found')
    res.writeHead(200, {
      'Content-Type': mimeType(realFile),
      'Content-Length': String(info.size),
      'Cache-Control': cacheControl(pathname),
    })
    if (req.method === 'HEAD') return void res.end()
    const stream = createReadStream(realFile)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  } catch {
    reply(404, 'Not found')
  }
}
