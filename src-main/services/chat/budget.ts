// The token budget of a request: the system prompt, the history that fits, and the new message,
// against the model's context less the tokens kept for the reply. Oldest turns go first; a new
// message that cannot fit even alone is refused before anything is sent.
import type { ChatBudget, ChatContextItem } from '../../../src-preload/contract'
import type { InferenceClient } from '../inference/client'
import { userText, type Turn } from './prompt'

/** Tokens a chat template adds around each message (role markers, separators): a fair upper guess. */
export const MESSAGE_OVERHEAD = 8
const CHARS_PER_TOKEN = 4

export type TokenCounter = { count(text: string): Promise<number>; estimated: boolean }

/** ~4 characters a token: used when no server can tokenize. */
export const estimateCounter: TokenCounter = { count: async (text) => Math.ceil(text.length / CHARS_PER_TOKEN), estimated: true }

/** The server's /tokenize, with the counts of texts already seen kept (history repeats every turn). */
export class ServerTokenCounter implements TokenCounter {
  readonly estimated = false
  private readonly seen = new Map<string, number>()
  constructor(
    readonly client: InferenceClient,
    private readonly keep = 1000,
  ) {}

  async count(text: string): Promise<number> {
    if (text === '') return 0
    const hit = this.seen.get(text)
    if (hit !== undefined) return hit
    const n = (await this.client.tokenize(text)).length
    if (this.seen.size >= this.keep) this.seen.delete(this.seen.keys().next().value as string)
    this.seen.set(text, n)
    return n
  }
}

export type PlanInput = {
  system: string
  history: readonly Turn[]
  next: { content: string; context: readonly ChatContextItem[] }
  /** Tokens per slot; null when unknown (no server). */
  contextSize: number | null
  maxReplyTokens: number
  counter: TokenCounter
}
export type Plan = { budget: ChatBudget; kept: Turn[]; /** For the reply's notice; null when nothing was left out. */ notice: string | null }

/** The reply's share: the setting, but never more than half the context (else nothing else fits). */
export const reserveFor = (contextSize: number | null, maxReplyTokens: number): number =>
  contextSize === null ? maxReplyTokens : Math.max(1, Math.min(maxReplyTokens, Math.floor(contextSize / 2)))

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

export async function planPrompt(p: PlanInput): Promise<Plan> {
  const c = (text: string): Promise<number> => p.counter.count(text)
  const system = (await c(p.system)) + MESSAGE_OVERHEAD
  const next = (await c(userText(p.next.content, p.next.context))) + MESSAGE_OVERHEAD
  const turns: number[] = []
  for (const t of p.history) turns.push((await c(userText(t.user.content, t.user.context))) + (await c(t.reply?.content ?? '')) + 2 * MESSAGE_OVERHEAD)
  const reserved = reserveFor(p.contextSize, p.maxReplyTokens)
  const estimate = p.counter.estimated ? ' (estimated at ~4 characters a token: no model server to count them)' : ''
  const all = system + next + turns.reduce((a, b) => a + b, 0)

  if (p.contextSize === null) {
    const message = `about ${all} tokens; the model's context is not known until a model server runs${estimate}`
    return { budget: { contextSize: null, promptTokens: all, reserved, trimmedTurns: 0, fits: true, message }, kept: [...p.history], notice: null }
  }
  const room = p.contextSize - reserved
  if (system + next > room) {
    const message =
      `this message with its context is about ${system + next} tokens, and the model's context holds ${p.contextSize} ` +
      `with ${reserved} kept for the reply: remove some context, shorten the message, or start the model with a larger context${estimate}`
    return { budget: { contextSize: p.contextSize, promptTokens: system + next, reserved, trimmedTurns: 0, fits: false, message }, kept: [], notice: null }
  }
  let total = all
  let dropped = 0
  while (total > room && dropped < turns.length) total -= turns[dropped++] as number
  const notice = dropped > 0 ? `${plural(dropped, 'oldest turn', 'oldest turns')} left out to fit ${p.contextSize} tokens` : null
  const message = notice === null ? (estimate === '' ? null : `about ${total} of ${p.contextSize} tokens${estimate}`) : `${notice}${estimate}`
  return {
    budget: { contextSize: p.contextSize, promptTokens: total, reserved, trimmedTurns: dropped, fits: true, message },
    kept: p.history.slice(dropped),
    notice,
  }
}
