// What every generating endpoint shares: the request context, a JSON reply, and one task run on a
// slot (queued while all slots are busy; a client that goes away cancels it, queued or running).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { contextOverflow } from './errors'
import { generate, type Generation, type Sampling } from './generate'
import type { Engine } from './engine'
import type { Body } from './params'
import type { Token } from './nlc'

export interface Ctx {
  engine: Engine
  body: Body
  req: IncomingMessage
  res: ServerResponse
  /** Aborted when the client disconnects before the reply is complete. */
  signal: AbortSignal
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return
  const body = JSON.stringify(value)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

export async function runTask(
  c: Ctx,
  prompt: readonly Token[],
  s: Sampling,
  idSlot: number,
  onText: (piece: string, nTokens: number) => void,
): Promise<Generation & { slotId: number }> {
  const e = c.engine
  if (prompt.length >= e.nCtxSlot) throw contextOverflow(prompt.length, e.nCtxSlot)
  const slot = await e.slots.acquire(prompt, idSlot, c.signal)
  try {
    const g = await generate(e.model, slot, e.nCtxSlot, prompt, s, onText, c.signal, e.counters)
    return { ...g, slotId: slot.id }
  } finally {
    e.slots.release(slot)
  }
}

export const finishReason = (g: Generation): 'stop' | 'length' => (g.stopType === 'limit' ? 'length' : 'stop')

export const randomId = (prefix: string): string => `${prefix}-${Math.random().toString(36).slice(2, 14)}`
