// Messages between SyntaxService (main thread) and the syntax worker.
import type { SyntaxReport } from '../../../src-preload/contract'
import type { SyntaxAssets } from './assets'
import type { FileIndex } from './symbol-index'

/** Passed as `workerData`. */
export type WorkerInit = { assets: SyntaxAssets }

/**
 * What a job asks for: outline and errors of a text (`analyze`, the default), or one file's symbol
 * index (`index`) from a text or from a file the worker reads itself (so the workspace's bytes never
 * pass through the main thread). `maxBytes`: a larger file is skipped (answered as `skipped`).
 */
export type WorkerJob =
  | { op?: 'analyze'; content: string }
  | { op: 'index'; content: string; file?: undefined }
  | { op: 'index'; file: string; maxBytes: number; content?: undefined }

/** `budgetMs`: the worker gives up on a parse that runs longer (answering `timeout`). */
export type WorkerRequest = WorkerJob & { id: number; budgetMs: number }

/** An index job's answer; `skipped` says why a file was left out (too large, unreadable). */
export type IndexOutcome = { index: FileIndex; skipped: null } | { index: null; skipped: string }

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; id: number; report: SyntaxReport }
  | { type: 'indexed'; id: number; outcome: IndexOutcome }
  | { type: 'failed'; id: number; message: string; timeout: boolean }
