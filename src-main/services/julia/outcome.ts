// Julia's answers in the contract's terms: absolute paths back to workspace-relative ones, and an
// exit described in words. Pure functions.
import { isAbsolute } from 'node:path'
import type { EvalOutcome, RichResult, StackFrame } from '../../../src-preload/contract'
import { isInside, toRel } from '../workspace/confine'
import type { ResultMessage } from './wire'

/** Workspace-relative for a file inside the workspace; null for Base, packages, `REPL[3]`, `none`. */
export function workspacePath(root: string | null, file: string): string | null {
  return root && isAbsolute(file) && isInside(root, file) ? toRel(root, file) : null
}

export function toOutcome(m: ResultMessage, totalMs: number, root: string | null): EvalOutcome {
  const rich: RichResult | null = m.mime && m.data !== null ? { mime: m.mime, data: m.data } : null
  const frames = (m.error?.frames ?? []).map((f): StackFrame => ({ ...f, path: workspacePath(root, f.file) }))
  const error = m.ok ? null : { type: m.error?.type ?? 'Error', message: m.error?.message ?? 'evaluation failed', frames }
  const outcome: EvalOutcome = { id: m.id, ok: m.ok, text: m.text, truncated: m.truncated, rich, error, evalMs: m.evalMs, totalMs: Math.round(totalMs * 1000) / 1000 }
  if (m.module !== undefined) outcome.module = m.module
  return outcome
}

export const describeExit = (e: { code: number; signal: number | null }): string =>
  e.signal ? `was killed by signal ${e.signal} (exit code ${e.code})` : `exited with code ${e.code}`
