// When the system runs out of inotify watches (ENOSPC), the folder still opens, the user is told
// once in the log, and the folders already watched keep reporting.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { makeWorkspace, tempDir, writeTree } from './helpers'

const limit = vi.hoisted(() => ({ allowed: Infinity, calls: 0 }))

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  const watch = ((...args: Parameters<typeof actual.watch>) => {
    if (++limit.calls > limit.allowed)
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' })
    return actual.watch(...args)
  }) as typeof actual.watch
  return { ...actual, default: { ...actual, watch }, watch }
})

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

it('keeps working with the watches it got when the inotify limit is reached', async () => {
  const t = await tempDir()
  await writeTree(t.dir, { 'a/x.jl': '', 'b/y.jl': '', 'c/z.jl': '' })
  const made = await makeWorkspace({ watch: true, watchDebounceMs: 30 })
  cleanups.push(made.cleanup, t.cleanup)
  limit.calls = 0
  limit.allowed = 1 // the root only

  expect((await made.ws.open(t.dir)).ok).toBe(true)
  await made.ws.watching()
  const warnings = made.log.lines.filter((l) => l.startsWith('warn') && l.includes('live updates are partial'))
  expect(warnings).toHaveLength(1)
  expect(warnings[0]).toContain('ENOSPC')

  await writeFile(path.join(t.dir, 'top.jl'), '')
  const e = await made.rec.waitFor('workspace:changed', (p) => p.changes.some((c) => c.path === 'top.jl'))
  expect(e.changes).toContainEqual({ path: 'top.jl', kind: 'created' })
  expect(limit.calls).toBeGreaterThan(1) // it did try the sub-folders
})
