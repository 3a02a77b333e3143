// Messages between SyntaxService (main thread) and the syntax worker.
import type { SyntaxReport } from '../../../src-preload/contract'
import type { SyntaxAssets } from './assets'

/** Passed as `workerData`. */
export type WorkerInit = { assets: SyntaxAssets }
/** `budgetMs`: the worker gives up on a parse that runs longer (answering `timeout`). */
export type WorkerRequest = { id: number; content: string; budgetMs: number }
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; id: number; report: SyntaxReport }
  | { type: 'failed'; id: number; message: string; timeout: boolean }
