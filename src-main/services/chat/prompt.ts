// Prompt assembly, pure. Each user message carries its @-context items before its text, inside the
// same message, so a turn once sent never changes: the messages of turn N+1 start with exactly the
// messages of turn N (plus its reply), and the server's prompt cache reuses them.
import type { ChatContextItem, ChatMessage } from '../../../src-preload/contract'
import type { ChatMessage as WireMessage } from '../inference/client'

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  let longest = 0
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length)
  return '`'.repeat(Math.max(3, longest + 1))
}

const LANGS: Record<string, string> = { jl: 'julia', toml: 'toml', md: 'markdown', json: 'json', py: 'python', c: 'c', h: 'c', sh: 'sh', yml: 'yaml', yaml: 'yaml' }

function languageOf(item: ChatContextItem): string {
  if (item.path === null) return item.kind === 'repl' ? 'julia-repl' : 'text'
  const ext = item.path.slice(item.path.lastIndexOf('.') + 1).toLowerCase()
  return LANGS[ext] ?? 'text'
}

const KIND_WORDS: Record<ChatContextItem['kind'], string> = {
  file: 'File',
  selection: 'Selection',
  repl: 'Julia REPL output',
  problems: 'Problems',
  terminal: 'Terminal output',
  build: 'juliac build',
}

/** One context item as labelled, fenced text. */
export function contextBlock(item: ChatContextItem): string {
  const fence = fenceFor(item.text)
  const body = item.text.endsWith('\n') ? item.text : `${item.text}\n`
  return `${KIND_WORDS[item.kind]}: ${item.label}\n${fence}${languageOf(item)}\n${body}${fence}`
}

/** The text of a user message as the model sees it: its context blocks, then what the user wrote. */
export function userText(content: string, context: readonly ChatContextItem[]): string {
  if (context.length === 0) return content
  return `${context.map(contextBlock).join('\n\n')}\n\n${content}`
}

/** A user message and the reply it got (null while it is being answered). */
export type Turn = { user: ChatMessage; reply: ChatMessage | null }

/**
 * The conversation as turns. A reply that failed ('error') or is empty never reached the model's
 * history: its turn is left out, so a retry does not carry a dangling question.
 */
export function turnsOf(messages: readonly ChatMessage[]): Turn[] {
  const turns: Turn[] = []
  for (const m of messages) {
    if (m.role === 'user') turns.push({ user: m, reply: null })
    else {
      const last = turns.at(-1)
      if (last !== undefined && last.reply === null) last.reply = m
    }
  }
  return turns
}

const answered = (t: Turn): boolean => t.reply !== null && t.reply.state !== 'error' && t.reply.state !== 'streaming' && t.reply.content !== ''

/** Past turns that go into prompts (answered ones), oldest first. */
export const historyTurns = (messages: readonly ChatMessage[]): Turn[] => turnsOf(messages).filter(answered)

/** The request's messages: system, the kept history turns, then the new user message. */
export function buildMessages(system: string, history: readonly Turn[], next: { content: string; context: readonly ChatContextItem[] }): WireMessage[] {
  const out: WireMessage[] = [{ role: 'system', content: system }]
  for (const t of history) {
    out.push({ role: 'user', content: userText(t.user.content, t.user.context) })
    out.push({ role: 'assistant', content: (t.reply as ChatMessage).content })
  }
  out.push({ role: 'user', content: userText(next.content, next.context) })
  return out
}

/** The slot a conversation always uses when the server has several (stable across restarts). */
export function slotFor(conversationId: string, slots: number): number | undefined {
  if (slots <= 1) return undefined
  let h = 0
  for (let i = 0; i < conversationId.length; i++) h = (h * 31 + conversationId.charCodeAt(i)) >>> 0
  return h % slots
}
