// The proposal review: Monaco's diff editor (original against proposal, both read-only) with a list
// of hunks to accept or reject one by one, Accept all / Reject all, and while an inline edit asks,
// the instruction input. Rendered above the editor area; Escape rejects.
import { useEffect, useRef, useState } from 'react'
import '../../styles/edit.css'
import type { editor } from 'monaco-editor/editor/editor.api'
import { useMonaco } from '../../editor/monaco-loader'
import { getModel } from '../../editor/models'
import { hunkSummary } from './apply-hunks'
import { applyReview, closeReview, decide, useReview, type Review } from './diff-review'
import { cancelInlineEdit, sendInlineEdit } from './inline-edit'
import { StartServer } from '../models/StartServer'

export function DiffReview() {
  const review = useReview((s) => s.review)
  const message = useReview((s) => s.message)
  if (!review) return null
  return (
    <div className="kiln-review" data-testid="edit-review" role="dialog" aria-label="Proposed edit" onKeyDown={(e) => e.key === 'Escape' && reject(review)}>
      <div className="kiln-review-header">
        <span className="kiln-review-title">{review.label}</span>
        <span className="kiln-review-state" data-testid="edit-review-state">
          {stateText(review)}
        </span>
        {review.stage === 'ready' && review.diff.hunks.length > 0 && (
          <>
            <button type="button" className="kiln-button small" data-testid="edit-accept-all" onClick={() => applyReview('all')}>
              Accept all
            </button>
            <button type="button" className="kiln-button small" data-testid="edit-apply" disabled={!review.decisions.some((d) => d === 'accepted')} onClick={() => applyReview('accepted')}>
              Apply accepted
            </button>
          </>
        )}
        <button type="button" className="kiln-button secondary small" data-testid="edit-reject-all" onClick={() => reject(review)}>
          {review.stage === 'streaming' ? 'Stop' : 'Reject all'}
        </button>
      </div>
      {review.stage === 'ask' ? <Instruction /> : null}
      {message && <div className="kiln-review-error">{message}</div>}
      {review.error && (
        <div className="kiln-review-error" data-testid="edit-review-error">
          {review.error}
          {review.state === 'error' && <StartServer testId="edit-start-server" readyNote="The model server is ready: close this and ask again." />}
        </div>
      )}
      {review.stage !== 'ask' && (
        <div className="kiln-review-body">
          <HunkList review={review} />
          <DiffPane review={review} />
        </div>
      )}
    </div>
  )
}

function reject(review: Review): void {
  if (review.stage !== 'ready') cancelInlineEdit()
  else closeReview()
}

function stateText(r: Review): string {
  if (r.stage === 'ask') return 'Describe the change, then Enter'
  if (r.stage === 'streaming') return `Proposing… ${r.diff.hunks.length} change${r.diff.hunks.length === 1 ? '' : 's'} so far`
  if (r.state === 'stopped') return 'Stopped'
  if (r.diff.hunks.length === 0) return 'No changes proposed'
  const decided = r.decisions.filter((d) => d !== undefined).length
  return `${r.diff.hunks.length} change${r.diff.hunks.length === 1 ? '' : 's'}, ${decided} decided`
}

function Instruction() {
  const [text, setText] = useState('')
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  return (
    <form
      className="kiln-review-ask"
      onSubmit={(e) => {
        e.preventDefault()
        if (text.trim() !== '') void sendInlineEdit(text.trim())
      }}
    >
      <input ref={input} data-testid="edit-instruction" className="kiln-input" placeholder="Edit the selection: e.g. make it type-stable" value={text} onChange={(e) => setText(e.target.value)} />
    </form>
  )
}

function HunkList({ review }: { review: Review }) {
  // Lines as the file numbers them (a selection's review starts inside the file).
  const first = getModel(review.path)?.getPositionAt(review.start).lineNumber ?? 1
  return (
    <ol className="kiln-review-hunks" data-testid="edit-hunks">
      {review.diff.hunks.map((h, i) => (
        <li key={`${h.originalStart}:${h.proposalStart}`} data-testid="edit-hunk" data-decision={review.decisions[i] ?? 'open'}>
          <span className="kiln-review-where">
            line {h.originalStart + first} <span className="kiln-review-summary">{hunkSummary(h)}</span>
          </span>
          <button type="button" className="kiln-button small" disabled={review.stage !== 'ready'} aria-pressed={review.decisions[i] === 'accepted'} data-testid="edit-hunk-accept" onClick={() => decide(i, 'accepted')}>
            Accept
          </button>
          <button type="button" className="kiln-button secondary small" disabled={review.stage !== 'ready'} aria-pressed={review.decisions[i] === 'rejected'} data-testid="edit-hunk-reject" onClick={() => decide(i, 'rejected')}>
            Reject
          </button>
        </li>
      ))}
    </ol>
  )
}

/** Monaco's diff editor over two scratch models; the proposal model follows the stream. */
function DiffPane({ review }: { review: Review }) {
  const monaco = useMonaco()
  const host = useRef<HTMLDivElement>(null)
  const models = useRef<{ diff: editor.IStandaloneDiffEditor; original: editor.ITextModel; proposal: editor.ITextModel } | null>(null)
  useEffect(() => {
    if (!monaco || !host.current) return
    const fileModel = getModel(review.path)
    const language = fileModel?.getLanguageId() ?? 'plaintext'
    // The file's own line numbers, not the excerpt's (the review may show lines 40-52 of a file).
    const first = fileModel ? fileModel.getPositionAt(review.start).lineNumber - 1 : 0
    const diff = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      lineNumbers: (n: number) => String(n + first),
    })
    const original = monaco.editor.createModel(review.original, language)
    const proposal = monaco.editor.createModel(review.proposal, language)
    diff.setModel({ original, modified: proposal })
    models.current = { diff, original, proposal }
    return () => {
      models.current = null
      diff.dispose()
      original.dispose()
      proposal.dispose()
    }
    // One diff editor per review (path and range); the text follows below.
  }, [monaco, review.path, review.start, review.original])
  useEffect(() => {
    const m = models.current
    if (m && m.proposal.getValue() !== review.proposal) m.proposal.setValue(review.proposal)
  }, [review.proposal])
  return <div className="kiln-review-diff" ref={host} data-testid="edit-diff" />
}
