// A small Julia workspace on disk and a LangService over it, with the index parsed in-process
// (the worker path has its own test in lang-worker.test.ts).
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { EventName, Events } from '../../src-preload/contract'
import { EventBus } from '../../src-main/lib/events'
import { silentLogger } from '../../src-main/lib/log'
import { LangService, type LangServiceOptions } from '../../src-main/services/lang/lang-service'
import type { IndexJob } from '../../src-main/services/lang/workspace-index'
import type { IndexOutcome } from '../../src-main/services/syntax/protocol'
import { indexJulia } from '../../src-main/services/syntax/julia-parser'
import { WorkspaceService } from '../../src-main/services/workspace/workspace-service'

export const SHAPES = `module Shapes

export Circle, area

"""
    Circle(r)

A circle of radius \`r\`.
"""
struct Circle
    r::Float64
end

"""
    area(shape)

The area of a shape.
"""
area(c::Circle) = π * c.r^2

function area(w::Float64, h::Float64)
    return w * h
end

macro twice(ex)
    esc(quote; $ex; $ex; end)
end

end # module
`

export const MAIN = `using .Shapes

const UNIT = Circle(1.0)

function report(c)
    a = Shapes.area(c)
    println("area: ", a)
    @twice report_line(a)
end

report(UNIT)
`

export async function writeTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'kiln-lang-'))
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true })
    await writeFile(join(root, rel), text)
  }
  return root
}

/** The worker's job, done in this thread. */
export const inProcessIndexer = async (job: IndexJob): Promise<IndexOutcome> => {
  if ('content' in job) return { index: await indexJulia(job.content), skipped: null }
  const text = await readFile(job.file, 'utf8').catch(() => null)
  if (text === null) return { index: null, skipped: 'ENOENT' }
  if (Buffer.byteLength(text) > job.maxBytes) return { index: null, skipped: 'too large' }
  return { index: await indexJulia(text), skipped: null }
}

export type Harness = {
  root: string
  lang: LangService
  events: EventBus
  statuses: Events['lang:status'][]
  dispose(): void
}

export async function startLang(files: Record<string, string>, extra: Partial<LangServiceOptions> = {}): Promise<Harness> {
  const root = await writeTree(files)
  const events = new EventBus()
  const statuses: Events['lang:status'][] = []
  events.subscribe((ev: EventName, payload) => {
    if (ev === 'lang:status') statuses.push(payload as Events['lang:status'])
  })
  const workspace = new WorkspaceService({ userDataDir: await mkdtemp(join(tmpdir(), 'kiln-ud-')), emit: events.emit, log: silentLogger, watch: false })
  const lang = new LangService({
    workspace,
    events,
    emit: events.emit,
    log: silentLogger,
    server: null,
    syntax: { index: inProcessIndexer },
    startDelayMs: 0,
    ...extra,
  })
  const opened = await workspace.open(root)
  if (!opened.ok) throw new Error(opened.message)
  await lang.indexed()
  return {
    root: opened.value.root,
    lang,
    events,
    statuses,
    dispose() {
      lang.dispose()
      workspace.dispose()
    },
  }
}
