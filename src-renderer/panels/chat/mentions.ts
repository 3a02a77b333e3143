// @-mentions in the composer, pure: which mention the caret is in (`@`, `@fi`, `@file:src/ma`), the
// kinds the menu offers for what was typed, and taking the typed mention out of the draft once it
// became a chip. Also the budget line's words.
import type { ChatBudget, ChatContextKind } from '../../../src-preload/contract'

export type MentionKind = { kind: ChatContextKind; label: string; detail: string }

export const MENTION_KINDS: readonly MentionKind[] = [
  { kind: 'file', label: 'file', detail: 'a file of the workspace' },
  { kind: 'selection', label: 'selection', detail: "the active editor's selection" },
  { kind: 'repl', label: 'repl', detail: 'recent Julia REPL input and output' },
  { kind: 'problems', label: 'problems', detail: 'syntax and build diagnostics' },
  { kind: 'terminal', label: 'terminal', detail: 'recent terminal output' },
  { kind: 'build', label: 'build', detail: "the last juliac build's errors" },
]

/** The mention being typed at the caret. `kind` is set once `@kind:` is written (then `query` is the argument). */
export type ActiveMention = { start: number; end: number; kind: ChatContextKind | null; query: string }

/**
 * The `@…` word that ends at the caret, if any. The `@` must start the draft or follow whitespace,
 * so an e-mail address or a Julia macro call inside text (`x@y`) does not open the menu.
 */
export function activeMention(text: string, caret: number): ActiveMention | null {
  const before = text.slice(0, caret)
  const m = /(?:^|\s)@([A-Za-z]*)(?::(\S*))?$/.exec(before)
  if (!m) return null
  const start = caret - m[0].length + (m[0].startsWith('@') ? 0 : 1)
  const word = m[1]!.toLowerCase()
  if (m[2] !== undefined) {
    const kind = MENTION_KINDS.find((k) => k.kind === word)
    return kind ? { start, end: caret, kind: kind.kind, query: m[2] } : null
  }
  return { start, end: caret, kind: null, query: word }
}

/** Kinds whose name starts with (then contains) what was typed after `@`. */
export function filterMentionKinds(query: string): MentionKind[] {
  const q = query.toLowerCase()
  if (!q) return [...MENTION_KINDS]
  const starts = MENTION_KINDS.filter((k) => k.label.startsWith(q))
  const contains = MENTION_KINDS.filter((k) => !k.label.startsWith(q) && k.label.includes(q))
  return [...starts, ...contains]
}

/** The draft with the typed mention removed, and where the caret goes. */
export function removeMention(text: string, mention: Pick<ActiveMention, 'start' | 'end'>): { text: string; caret: number } {
  let end = mention.end
  // Drop one space after it too, so "see @repl now" becomes "see now".
  if (text[end] === ' ' && (mention.start === 0 || text[mention.start - 1] === ' ')) end++
  return { text: text.slice(0, mention.start) + text.slice(end), caret: mention.start }
}

/** The draft after choosing a kind from the menu: file asks for a path next (`@file:`), others resolve at once. */
export function chooseKind(text: string, mention: ActiveMention, kind: ChatContextKind): { text: string; caret: number } {
  const insert = `@${kind}:`
  return { text: text.slice(0, mention.start) + insert + text.slice(mention.end), caret: mention.start + insert.length }
}

/** 1234 -> "1 234" (a thin space groups thousands, the way the budget line reads). */
export const groupThousands = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')

/** "1 234 / 8 192 tokens", or "1 234 tokens" without a running model. */
export function budgetText(b: ChatBudget): string {
  return b.contextSize === null ? `${groupThousands(b.promptTokens)} tokens` : `${groupThousands(b.promptTokens)} / ${groupThousands(b.contextSize)} tokens`
}

/** What to warn about before sending: nothing, older turns left out, or a draft too large to send. */
export function budgetWarning(b: ChatBudget): { level: 'warn' | 'error'; text: string } | null {
  if (!b.fits) return { level: 'error', text: b.message ?? 'This message and its context do not fit the model’s context.' }
  if (b.trimmedTurns > 0) return { level: 'warn', text: b.message ?? `${b.trimmedTurns} oldest turn${b.trimmedTurns === 1 ? '' : 's'} will be left out to fit.` }
  return null
}
