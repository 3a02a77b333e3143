// The HTTP side of `kiln engine`: node:http, llama-server's paths, API-key check, JSON bodies,
// errors in llama-server's shape. It listens before the model loads: until then /health (and
// everything else) answers 503 "Loading model".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { timingSafeEqual } from 'node:crypto'
import { ApiError, badRequest } from './errors'
import { asBody, type Body } from './params'
import { sendErrorEvent } from './sse'
import { sendJson, type Ctx } from './task'
import { chatCompletions } from './chat'
import { completion } from './completion'
import { infill } from './infill'
import { detokenize, tokenize } from './tokenize'
import { metrics, models, props, slots } from './props-slots-metrics'
import type { Engine } from './engine'

type Handler = (c: Ctx) => Promise<void>

const GET: Record<string, Handler> = {
  '/v1/models': models,
  '/models': models,
  '/props': props,
  '/slots': slots,
  '/metrics': metrics,
}
const POST: Record<string, Handler> = {
  '/v1/chat/completions': chatCompletions,
  '/chat/completions': chatCompletions,
  '/completion': completion,
  '/completions': completion,
  '/infill': infill,
  '/tokenize': tokenize,
  '/detokenize': detokenize,
}
const HEALTH = new Set(['/health', '/v1/health'])
const MAX_BODY = 64 * 1024 * 1024

function keyMatches(given: string, key: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(key)
  return a.length === b.length && timingSafeEqual(a, b)
}

function givenKey(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? ''
  if (auth.startsWith('Bearer ')) return auth.slice(7)
  const x = req.headers['x-api-key']
  return typeof x === 'string' ? x : ''
}

async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw badRequest('the request body is too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) return {}
  try {
    return asBody(JSON.parse(text))
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw badRequest(`the request body is not valid JSON: ${(e as Error).message}`)
  }
}

export class EngineServer {
  private engine: Engine | null = null
  private readonly server: Server

  constructor(private readonly apiKey: string | null) {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.server.keepAliveTimeout = 30_000
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve(this.server.address() as AddressInfo)
      })
    })
  }

  ready(engine: Engine): void {
    this.engine = engine
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname
      const method = req.method ?? 'GET'
      if (HEALTH.has(path) && method === 'GET') {
        if (this.engine) sendJson(res, 200, { status: 'ok' })
        else throw new ApiError('unavailable_error', 'Loading model')
        return
      }
      if (this.apiKey !== null && !keyMatches(givenKey(req), this.apiKey)) throw new ApiError('authentication_error', 'Invalid API Key')
      const table = method === 'POST' ? POST : method === 'GET' ? GET : {}
      const handler = Object.hasOwn(table, path) ? table[path] : undefined
      if (!handler) throw new ApiError('not_found_error', 'File Not Found')
      if (!this.engine) throw new ApiError('unavailable_error', 'Loading model')
      const body = method === 'POST' ? await readBody(req) : {}
      await handler({ engine: this.engine, body, req, res, signal: controller.signal })
    } catch (e) {
      if (controller.signal.aborted) return
      const error = e instanceof ApiError ? e : new ApiError('server_error', e instanceof Error ? e.message : String(e))
      if (res.headersSent) {
        sendErrorEvent(res, error.body().error)
        res.end()
      } else sendJson(res, error.status, error.body())
    }
  }
}
