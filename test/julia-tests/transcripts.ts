// Renders a transcript from test/fixtures/julia-tests as the double would print it (placeholders
// filled, directives followed, stdout and stderr kept apart), for feeding the parser directly.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const fixtures = join(__dirname, '..', 'fixtures', 'julia-tests')
export const packageFixture = (name: string): string => join(fixtures, 'packages', name)

export type Chunk = { stream: 'stdout' | 'stderr'; text: string }

function body(name: string): string[] {
  const text = readFileSync(join(fixtures, `${name.replace(/\.txt$/, '')}.txt`), 'utf8')
  const cut = text.indexOf('\n---\n')
  const lines = (cut >= 0 ? text.slice(cut + 5) : text).split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** The transcript's output as one chunk per line, in order. */
export function render(name: string, pkg: string, pkgName = 'Arith'): Chunk[] {
  const out: Chunk[] = []
  let stream: Chunk['stream'] = 'stdout'
  const walk = (lines: string[]): void => {
    for (const line of lines) {
      const d = /^@@ (\w+)\s*(.*)$/.exec(line)
      if (!d) out.push({ stream, text: `${line.replaceAll('{PKG}', pkg).replaceAll('{NAME}', pkgName).replaceAll('{TMPENV}', '/tmp/jl_AbCdEf')}\n` })
      else if (d[1] === 'include') walk(body(d[2] ?? ''))
      else if (d[1] === 'stdout' || d[1] === 'stderr') stream = d[1]
    }
  }
  walk(body(name))
  return out
}
