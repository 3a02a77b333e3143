// Inline edit (Ctrl+I): ask for an instruction about the selection, stream the model's proposal
// into the diff review as it arrives, then accept or reject there.
import type { AssistAction, ChatMessageState } from '../../../src-preload/contract'
import { api } from '../../api'
import { getModel } from '../../editor/models'
import { appendReply, closeReview, failReview, finishReply, openReview, setStreaming, useReview } from './diff-review'
import { activeTarget } from './target'

type Early = { text: string; done: { text: string; state: ChatMessageState; error: string | null } | null }
/** Events for a request sent but whose id has not come back yet (the answer and the stream race). */
let early: Map<string, Early> | null = null

export function startInlineEdit(): boolean {
  const target = activeTarget()
  if (!target) return false
  openReview(target, 'ask')
  return true
}

export type SendOptions = { action?: AssistAction; diagnostic?: string; /** The code the model sees when it is not what the proposal replaces (tests go after it). */ code?: string }

/** Sends the review's code with an instruction; the proposal streams into the review. */
export async function sendInlineEdit(instruction: string, o: SendOptions = {}): Promise<void> {
  const r = useReview.getState().review
  if (!r) return
  const text = getModel(r.path)?.getValue() ?? ''
  setStreaming('')
  early = new Map()
  const code = o.code ?? r.original
  const res = await api.call('assist:edit', { path: r.path, action: o.action ?? 'custom', instruction, code, before: text.slice(0, r.start), after: text.slice(r.end), diagnostic: o.diagnostic })
  const got = res.ok ? early.get(res.value.requestId) : undefined
  early = null
  if (!res.ok) return failReview(res.message)
  // Closed while the request was on its way: stop the stream nobody will see.
  const now = useReview.getState().review
  if (now === null || now.stage !== 'streaming' || now.requestId !== '') return void api.call('assist:cancel', { requestId: res.value.requestId })
  setStreaming(res.value.requestId)
  if (got?.text) appendReply(res.value.requestId, got.text)
  if (got?.done) finishReply(res.value.requestId, got.done.text, got.done.state, got.done.error)
}

/** Stops a streaming proposal (keeping what arrived) or closes the review. */
export function cancelInlineEdit(): void {
  const r = useReview.getState().review
  if (r?.stage === 'streaming' && r.requestId) void api.call('assist:cancel', { requestId: r.requestId })
  else closeReview()
}

const held = (id: string): Early | null => {
  if (early === null) return null
  const e = early.get(id) ?? { text: '', done: null }
  early.set(id, e)
  return e
}

/** Feeds assist:delta and assist:done into the review; returns the unsubscribe. */
export function listenAssist(): () => void {
  const offDelta = api.on('assist:delta', ({ requestId, text }) => {
    const e = held(requestId)
    if (e) e.text += text
    else appendReply(requestId, text)
  })
  const offDone = api.on('assist:done', ({ requestId, text, state, error }) => {
    const e = held(requestId)
    if (e) e.done = { text, state, error }
    else finishReply(requestId, text, state, error)
  })
  return () => {
    offDelta()
    offDone()
  }
}
