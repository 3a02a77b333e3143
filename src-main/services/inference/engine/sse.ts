// Server-sent events as llama-server writes them: `data: <json>\n\n`, and `data: [DONE]` to end an
// OpenAI stream. Each event is written at once (no batching: the benchmark budget is about latency).
import type { ServerResponse } from 'node:http'

export function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  })
  res.flushHeaders()
}

export function sendEvent(res: ServerResponse, data: unknown): void {
  if (!res.writableEnded && !res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`)
}

/** An error once the stream has begun: llama-server sends it as an `error` event. */
export function sendErrorEvent(res: ServerResponse, error: unknown): void {
  if (!res.writableEnded && !res.destroyed) res.write(`error: ${JSON.stringify(error)}\n\n`)
}

export function endSse(res: ServerResponse, done: boolean): void {
  if (res.writableEnded || res.destroyed) return
  if (done) res.write('data: [DONE]\n\n')
  res.end()
}
