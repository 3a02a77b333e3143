// The composer: Enter sends, Shift+Enter a new line, Escape stops a streaming reply; `@` opens the
// mention menu; chips for the context; the token budget (chat:budget, 300 ms after typing stops)
// with a warning before sending when it will not fit.
import { useEffect, useRef, useState } from 'react'
import type { ChatBudget, ChatContextKind } from '../../../src-preload/contract'
import { api } from '../../api'
import { ContextChips } from './ContextChips'
import { MentionMenu, clearFilesCache, useMenuItems, type MenuItem } from './MentionMenu'
import { activeMention, budgetText, budgetWarning, chooseKind, removeMention, type ActiveMention } from './mentions'
import { addContext, isStreaming, removeContext, send, stop, useChat } from './chat-store'
import { resolveContext } from './resolve-context'

export const BUDGET_DEBOUNCE_MS = 300

function useBudget(draft: string): ChatBudget | null {
  const id = useChat((s) => s.conversation?.id ?? null)
  const messages = useChat((s) => s.conversation?.messages.length ?? 0)
  const context = useChat((s) => s.context)
  const [budget, setBudget] = useState<ChatBudget | null>(null)
  useEffect(() => {
    // No conversation yet: the budget of a first message (the conversation is made on send).
    let live = true
    const t = setTimeout(() => {
      void api.call('chat:budget', { id: id ?? undefined, content: draft, context }).then((r) => live && setBudget(r.ok ? r.value : null))
    }, BUDGET_DEBOUNCE_MS)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [id, draft, context, messages])
  return budget
}

export function Composer() {
  const [draft, setDraft] = useState('')
  const [caret, setCaret] = useState(0)
  const [menuIndex, setMenuIndex] = useState(0)
  const [dismissed, setDismissed] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const area = useRef<HTMLTextAreaElement>(null)
  const latest = useRef(draft)
  latest.current = draft
  const context = useChat((s) => s.context)
  const streaming = useChat((s) => isStreaming(s.conversation))
  const pending = useChat((s) => s.pending)
  const focusToken = useChat((s) => s.focusToken)
  const budget = useBudget(draft)
  const warning = budget ? budgetWarning(budget) : null

  const found = activeMention(draft, caret)
  const mention: ActiveMention | null = found && found.start !== dismissed ? found : null
  const items = useMenuItems(mention)
  useEffect(() => setMenuIndex(0), [mention?.kind, mention?.query])
  useEffect(() => {
    if (!mention) clearFilesCache()
  }, [mention])
  useEffect(() => {
    if (focusToken) area.current?.focus()
  }, [focusToken])

  const setText = (text: string, at: number): void => {
    setDraft(text)
    setCaret(at)
    requestAnimationFrame(() => area.current?.setSelectionRange(at, at))
  }

  const attach = async (m: ActiveMention, kind: ChatContextKind, path?: string): Promise<void> => {
    const next = removeMention(draft, m)
    setText(next.text, next.caret)
    const item = await resolveContext(kind, path)
    if (typeof item === 'string') setProblem(item)
    else {
      setProblem(null)
      addContext(item)
    }
  }

  const pick = (item: MenuItem): void => {
    if (!mention) return
    if (mention.kind === 'file') return void attach(mention, 'file', item.id)
    const kind = item.id as ChatContextKind
    if (kind === 'file') {
      const next = chooseKind(draft, mention, kind)
      setText(next.text, next.caret)
    } else void attach(mention, kind)
  }

  const submit = (): void => {
    const text = draft.trim()
    if (!text || streaming || pending) return
    if (budget && !budget.fits) return setProblem(warning?.text ?? 'This message does not fit the model’s context.')
    setProblem(null)
    // Cleared at once (the message shows in the conversation within a frame); put back if the
    // send is refused and nothing new was typed meanwhile.
    const sent = draft
    setText('', 0)
    void send(text).then((ok) => {
      if (!ok && latest.current === '') setText(sent, sent.length)
    })
  }

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>): void => {
    if (mention && items.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        setMenuIndex((i) => (i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length)
        return
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault()
        pick(items[Math.min(menuIndex, items.length - 1)]!)
        return
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        setDismissed(mention.start)
        return
      }
    }
    if (e.key === 'Escape' && streaming) {
      e.preventDefault()
      void stop()
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      submit()
    }
  }

  return (
    <div className="kiln-chat-composer" data-testid="chat-composer">
      <MentionMenu items={items} active={menuIndex} onPick={pick} />
      {context.length > 0 && <ContextChips items={context} onRemove={removeContext} />}
      <textarea
        ref={area}
        data-testid="chat-input"
        placeholder="Ask about your code — @ adds context (file, selection, repl, problems, terminal, build)"
        value={draft}
        rows={3}
        onChange={(e) => {
          setDraft(e.target.value)
          setCaret(e.target.selectionStart)
          setDismissed(null)
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {problem && (
        <div className="kiln-chat-problem" data-testid="chat-problem">
          {problem}
        </div>
      )}
      {warning && !problem && (
        <div className={`kiln-chat-budget-warning ${warning.level}`} data-testid="chat-budget-warning">
          {warning.text}
        </div>
      )}
      <div className="kiln-chat-composer-bar">
        <span className="kiln-chat-budget" data-testid="chat-budget" title={budget ? `${budget.reserved} tokens kept for the reply` : undefined}>
          {budget ? budgetText(budget) : ''}
        </span>
        {streaming ? (
          <button type="button" data-testid="chat-stop" onClick={() => void stop()} title="Stop (Escape)">
            Stop
          </button>
        ) : (
          <button type="button" className="kiln-chat-primary" data-testid="chat-send" disabled={!draft.trim() || pending} onClick={submit} title="Send (Enter)">
            Send
          </button>
        )}
      </div>
    </div>
  )
}
