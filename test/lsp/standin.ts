// Shared set-up for tests that run the language server service against the stand-in server.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LangStatus } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { LanguageServerService, type LanguageServerServiceOptions } from '../../src-main/services/lsp/language-server-service'

export const STANDIN = join(__dirname, '..', 'fixtures', 'lsp-standin', 'server.mjs')

export const SHAPES = `module Shapes

struct Circle
    r::Float64
end

area(c::Circle) = π * c.r^2

function describe(c::Circle)
    s = "α → 😀"; a = area(c)
    return a
end

macro twice(ex)
    :($ex; $ex)
end

end
`
export const USE = `using .Shapes
x = "😀"; y = area(Circle(1.0))
`

export function workspace(): { root: string; logFile: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kiln-lsp-'))
  mkdirSync(join(root, 'src'))
  writeFileSync(join(root, 'src', 'Shapes.jl'), SHAPES)
  writeFileSync(join(root, 'src', 'use.jl'), USE)
  return { root, logFile: join(root, '.standin.log'), cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

/** Methods the stand-in received, in order (from its LSP_STANDIN_LOG). */
export function received(logFile: string): { method?: string; id?: unknown; params?: unknown }[] {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { method?: string })
  } catch {
    return []
  }
}

export function startService(root: string, knobs: Record<string, string>, opts: Partial<LanguageServerServiceOptions> = {}) {
  const log = memoryLogger()
  const statuses: LangStatus['server'][] = []
  const service = new LanguageServerService({
    log,
    plan: async () => ({ kind: 'launch', name: 'standin', command: process.execPath, args: [STANDIN], cwd: root, via: 'test' }),
    env: { ...process.env, ...knobs },
    backoffMs: () => 20,
    ...opts,
  })
  service.onStatus((s) => statuses.push(s))
  return { service, statuses, log }
}

export async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** 1-based UTF-16 column of `needle` on 1-based line `line` of `text` (what Monaco would report). */
export function columnOf(text: string, line: number, needle: string): number {
  const l = text.split('\n')[line - 1] ?? ''
  const at = l.indexOf(needle)
  if (at < 0) throw new Error(`${needle} not on line ${line}`)
  return at + 1
}
