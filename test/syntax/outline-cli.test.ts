// `kiln outline`, run in-process as the dispatcher runs it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { outlineCommand } from '../../src-main/cli/outline'

const fixtures = join(__dirname, '../fixtures/julia')
const tmp = mkdtempSync(join(tmpdir(), 'kiln-outline-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await outlineCommand(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) })
  return { code, out, err }
}

describe('kiln outline', () => {
  it('--json prints every item flattened in file order, nested ones included', async () => {
    const { code, out, err } = await run(join(fixtures, 'Geometry.jl'), '--json')
    expect(code).toBe(0)
    expect(err).toBe('')
    const items = JSON.parse(out) as { name: string; kind: string; line: number; endLine: number }[]
    expect(items).toHaveLength(24)
    expect(items[0]).toEqual({ name: 'Geometry', kind: 'module', line: 6, endLine: 88 })
    expect(items.slice(-3)).toEqual([
      { name: 'Internal', kind: 'module', line: 77, endLine: 86 },
      { name: 'CACHE', kind: 'const', line: 79, endLine: 79 },
      { name: 'clear!', kind: 'function', line: 81, endLine: 84 },
    ])
    for (const item of items) expect(Object.keys(item)).toEqual(['name', 'kind', 'line', 'endLine'])
    const lines = items.map((i) => i.line)
    expect(lines).toEqual([...lines].sort((a, b) => a - b))
  })

  it('prints a readable indented tree without --json', async () => {
    const { code, out } = await run(join(fixtures, 'Geometry.jl'))
    expect(code).toBe(0)
    const rows = out.trimEnd().split('\n')
    expect(rows[0]).toMatch(/^module\s+Geometry\s+6-88$/)
    expect(rows).toContainEqual(expect.stringMatching(/^ {2}macro\s+@approx\s+71-73$/))
    expect(rows.at(-1)).toMatch(/^ {4}function\s+clear!\s+81-84$/)
  })

  it('reports syntax errors on stderr as FILE:LINE:COLUMN and still prints the outline', async () => {
    const file = join(fixtures, 'broken.jl')
    const { code, out, err } = await run('--json', file)
    expect(code).toBe(0)
    expect(err).toBe(`${file}:8:9: syntax error: unclosed \`(\`\n`)
    expect(JSON.parse(out)).toContainEqual({ name: 'ok', kind: 'function', line: 3, endLine: 5 })
  })

  it('prints an empty list for a file with no definitions', async () => {
    const file = join(tmp, 'script.jl')
    writeFileSync(file, 'println("hello")\n')
    expect((await run(file, '--json')).out).toBe('[]\n')
  })

  it('fails with a message and exit code 1 for a missing, unreadable or directory argument', async () => {
    const missing = await run(join(tmp, 'nope.jl'))
    expect(missing).toEqual({ code: 1, out: '', err: `kiln outline: cannot read ${join(tmp, 'nope.jl')}: no such file\n` })
    expect((await run(tmp)).err).toMatch(/is a directory/)
    if (process.getuid?.() !== 0) {
      const locked = join(tmp, 'locked.jl')
      writeFileSync(locked, 'f(x) = x\n')
      chmodSync(locked, 0o000)
      expect(await run(locked)).toMatchObject({ code: 1, err: expect.stringMatching(/permission denied/) })
    }
  })

  it('answers usage mistakes with the usage and exit code 2', async () => {
    expect(await run()).toMatchObject({ code: 2, err: expect.stringMatching(/no FILE given[\s\S]*Usage: kiln outline/) })
    expect(await run('a.jl', '--yaml')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown option --yaml/) })
    expect(await run('--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: kiln outline FILE \[--json\]/) })
  })
})
