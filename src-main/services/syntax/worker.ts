// The syntax worker thread: parses Julia with tree-sitter off the main thread, one request at a
// time (SyntaxService sends the next only after this one answers). Built by electron-vite to
// out/main/syntax-worker.js; run from source under tsx in dev and tests (see worker-entry.ts).
import { parentPort, workerData } from 'node:worker_threads'
import { JuliaParser, ParseTimeoutError } from './julia-parser'
import type { WorkerInit, WorkerMessage, WorkerRequest } from './protocol'

const port = parentPort
if (!port) throw new Error('the syntax worker must run in a worker thread')
const send = (m: WorkerMessage): void => port.postMessage(m)

const { assets } = workerData as WorkerInit
JuliaParser.load(assets).then(
  (parser) => {
    port.on('message', (req: WorkerRequest) => {
      try {
        send({ type: 'result', id: req.id, report: parser.analyze(req.content, req.budgetMs) })
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        send({ type: 'failed', id: req.id, message, timeout: e instanceof ParseTimeoutError })
      }
    })
    send({ type: 'ready' })
  },
  (e: unknown) => send({ type: 'init-failed', message: e instanceof Error ? e.message : String(e) }),
)
