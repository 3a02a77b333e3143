// The one proposal under review: where it applies (a file and a character range of its model), the
// original text, the proposal as it streams, and the user's decision per hunk. Nothing touches the
// file until apply(): the accepted hunks then go in as ONE undoable edit.
import { create } from 'zustand'
import type { editor } from 'monaco-editor/editor/editor.api'
import type { ChatMessageState } from '../../../src-preload/contract'
import { getModel } from '../../editor/models'
import { hunkEdits } from './apply-hunks'
import { diffHunks, type LineDiff } from './diff-hunks'
import { extractCode, matchFinalNewline } from './extract-code'

export type Decision = 'accepted' | 'rejected'
export type ReviewTarget = {
  path: string
  /** Character offsets into the model when the review opened. */
  start: number
  end: number
  original: string
  /** The model's version then: an edit since is checked before applying. */
  versionId: number
  label: string
}
export type Review = ReviewTarget & {
  /** 'ask': waiting for the instruction (inline edit); 'streaming': the model is answering. */
  stage: 'ask' | 'streaming' | 'ready'
  requestId: string | null
  /** The raw reply (for a streamed proposal) and the code taken from it. */
  reply: string
  proposal: string
  diff: LineDiff
  decisions: (Decision | undefined)[]
  state: ChatMessageState | null
  error: string | null
}

type ReviewState = { review: Review | null; message: string | null }
export const useReview = create<ReviewState>()(() => ({ review: null, message: null }))

const EMPTY: LineDiff = { original: [], proposal: [], hunks: [] }

/** The proposal ending as the original does; code for an empty range (a new file, tests) ends its last line. */
const fit = (original: string, code: string): string => (original === '' ? (code === '' || code.endsWith('\n') ? code : `${code}\n`) : matchFinalNewline(original, code))

export function openReview(target: ReviewTarget, stage: Review['stage'], proposal = ''): void {
  const code = fit(target.original, proposal)
  useReview.setState({
    message: null,
    review: { ...target, stage, requestId: null, reply: '', proposal: code, diff: stage === 'ready' ? diffHunks(target.original, code) : EMPTY, decisions: [], state: null, error: null },
  })
}

/** Streamed text from assist:delta: the diff follows the code block as it grows. */
export function appendReply(requestId: string, text: string): void {
  const r = useReview.getState().review
  if (!r || r.requestId !== requestId) return
  const reply = r.reply + text
  const code = fit(r.original, extractCode(reply).code)
  useReview.setState({ review: { ...r, reply, proposal: code, diff: diffHunks(r.original, code) } })
}

export function finishReply(requestId: string, reply: string, state: ChatMessageState, error: string | null): void {
  const r = useReview.getState().review
  if (!r || r.requestId !== requestId) return
  const code = fit(r.original, extractCode(reply).code)
  useReview.setState({ review: { ...r, stage: 'ready', reply, proposal: code, diff: diffHunks(r.original, code), state, error } })
}

export function setStreaming(requestId: string): void {
  const r = useReview.getState().review
  if (r) useReview.setState({ review: { ...r, stage: 'streaming', requestId, reply: '', error: null } })
}

export function failReview(message: string): void {
  const r = useReview.getState().review
  if (r) useReview.setState({ review: { ...r, stage: 'ready', error: message, state: 'error' } })
}

export function decide(index: number, decision: Decision): void {
  const r = useReview.getState().review
  if (!r || r.stage !== 'ready') return
  const decisions = [...r.decisions]
  decisions[index] = decisions[index] === decision ? undefined : decision
  useReview.setState({ review: { ...r, decisions } })
}

export const closeReview = (): void => useReview.setState({ review: null })

/**
 * Applies the accepted hunks as one undoable edit (a single undo stop before and after) and closes
 * the review. 'all' accepts every hunk. Refused, with words, when the text under review changed.
 */
export function applyReview(which: 'accepted' | 'all'): boolean {
  const r = useReview.getState().review
  if (!r) return false
  const model = getModel(r.path)
  if (!model) return refuse(`${r.path} is closed: the proposal was not applied`)
  const accepted = new Set(r.diff.hunks.flatMap((_, i) => (which === 'all' || r.decisions[i] === 'accepted' ? [i] : [])))
  if (accepted.size > 0) {
    if (model.getVersionId() !== r.versionId && model.getValue().slice(r.start, r.end) !== r.original) {
      return refuse(`${r.label} changed while the proposal was open: it was not applied`)
    }
    pushOneEdit(model, r.start, hunkEdits(r.diff, accepted))
  }
  closeReview()
  return true
}

function pushOneEdit(model: editor.ITextModel, base: number, edits: { start: number; end: number; text: string }[]): void {
  const ops = edits.map((e) => {
    const a = model.getPositionAt(base + e.start)
    const b = model.getPositionAt(base + e.end)
    return { range: { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column }, text: e.text, forceMoveMarkers: true }
  })
  model.pushStackElement()
  model.pushEditOperations(null, ops, () => null)
  model.pushStackElement()
}

function refuse(message: string): false {
  useReview.setState({ message })
  return false
}

/** For e2e tests: the review's hunks and actions without clicking through Monaco's diff view. */
declare global {
  interface Window {
    __kilnReview?: { state: () => ReviewState; decide: typeof decide; apply: typeof applyReview; close: typeof closeReview }
  }
}
window.__kilnReview = { state: () => useReview.getState(), decide, apply: applyReview, close: closeReview }
