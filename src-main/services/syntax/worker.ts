// The syntax worker thread: parses Julia with tree-sitter off the main thread, one request at a
// time (SyntaxService sends the next only after this one answers): outlines and errors for the
// editor, and per-file symbol indexes for the workspace index (reading the file itself). Built by
// electron-vite to out/main/syntax-worker.js; run from source under tsx in dev and tests (see
// worker-entry.ts).
import { readFile, stat } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { JuliaParser, ParseTimeoutError } from './julia-parser'
import type { IndexOutcome, WorkerInit, WorkerMessage, WorkerRequest } from './protocol'

const port = parentPort
if (!port) throw new Error('the syntax worker must run in a worker thread')
const send = (m: WorkerMessage): void => port.postMessage(m)

async function readForIndex(file: string, maxBytes: number): Promise<string | { skipped: string }> {
  try {
    const st = await stat(file)
    if (!st.isFile()) return { skipped: 'not a file' }
    if (st.size > maxBytes) return { skipped: `larger than ${maxBytes >= 1e6 ? `${(maxBytes / 1e6).toFixed(1)} MB` : `${Math.round(maxBytes / 1e3)} KB`}` }
    const text = await readFile(file, 'utf8')
    // A NUL byte early on means binary data with a .jl name; nothing to index.
    if (text.slice(0, 8000).includes('\0')) return { skipped: 'binary' }
    return text
  } catch (e) {
    return { skipped: (e as NodeJS.ErrnoException).code ?? String(e) }
  }
}

async function handle(parser: JuliaParser, req: WorkerRequest): Promise<WorkerMessage> {
  if (req.op !== 'index') return { type: 'result', id: req.id, report: parser.analyze(req.content, req.budgetMs) }
  let content: string
  if (req.file !== undefined) {
    const read = await readForIndex(req.file, req.maxBytes)
    if (typeof read !== 'string') return { type: 'indexed', id: req.id, outcome: { index: null, skipped: read.skipped } }
    content = read
  } else content = req.content
  const outcome: IndexOutcome = { index: parser.index(content, req.budgetMs), skipped: null }
  return { type: 'indexed', id: req.id, outcome }
}

const { assets } = workerData as WorkerInit
JuliaParser.load(assets).then(
  (parser) => {
    port.on('message', (req: WorkerRequest) => {
      handle(parser, req).then(send, (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e)
        send({ type: 'failed', id: req.id, message, timeout: e instanceof ParseTimeoutError })
      })
    })
    send({ type: 'ready' })
  },
  (e: unknown) => send({ type: 'init-failed', message: e instanceof Error ? e.message : String(e) }),
)
