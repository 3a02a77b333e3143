// Live updates: changes made on disk by other programs reach the renderer as coalesced
// 'workspace:changed' batches with the right kind, and nothing is reported after dispose.
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileChange } from '../../src-preload/contract'
import type { WorkspaceService } from '../../src-main/services/workspace/workspace-service'
import { makeWorkspace, tempDir, writeTree, type recorder } from './helpers'

let root: string
let ws: WorkspaceService
let rec: ReturnType<typeof recorder>
let cleanups: Array<() => Promise<void>> = []

beforeEach(async () => {
  const t = await tempDir()
  root = t.dir
  await writeTree(root, { 'src/a.jl': 'a\n', 'README.md': '', '.git/HEAD': 'ref\n', 'node_modules/m/i.js': '' })
  const made = await makeWorkspace({ watch: true, watchDebounceMs: 50 })
  ws = made.ws
  rec = made.rec
  cleanups = [made.cleanup, t.cleanup]
  expect((await ws.open(root)).ok).toBe(true)
  await ws.watching()
})

afterEach(async () => {
  for (const c of cleanups) await c()
})

const changes = (): FileChange[] => rec.of('workspace:changed').flatMap((e) => e.changes)
const has = (p: string, kind: FileChange['kind']) => (e: { changes: FileChange[] }) =>
  e.changes.some((c) => c.path === p && c.kind === kind)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('workspace watcher', () => {
  it('reports files created, changed and deleted on disk', async () => {
    await writeFile(path.join(root, 'src/new.jl'), 'x\n')
    await rec.waitFor('workspace:changed', has('src/new.jl', 'created'))
    await appendFile(path.join(root, 'src/new.jl'), 'y\n')
    await rec.waitFor('workspace:changed', has('src/new.jl', 'changed'))
    await rm(path.join(root, 'src/new.jl'))
    await rec.waitFor('workspace:changed', has('src/new.jl', 'deleted'))
  })

  it('reports a folder created with files already in it, and watches it from then on', async () => {
    await mkdir(path.join(root, 'docs/src'), { recursive: true })
    await writeFile(path.join(root, 'docs/src/index.md'), '# Docs\n')
    await rec.waitFor('workspace:changed', has('docs', 'created'))
    await rec.waitFor('workspace:changed', (e) => e.changes.some((c) => c.path === 'docs/src/index.md'))
    await sleep(100)
    await appendFile(path.join(root, 'docs/src/index.md'), 'more\n')
    await rec.waitFor('workspace:changed', has('docs/src/index.md', 'changed'))
    await rm(path.join(root, 'docs'), { recursive: true })
    await rec.waitFor('workspace:changed', has('docs', 'deleted'))
  })

  it('reports a rename as the old path deleted and the new one created', async () => {
    await rename(path.join(root, 'src/a.jl'), path.join(root, 'src/b.jl'))
    const e = await rec.waitFor('workspace:changed', has('src/b.jl', 'created'))
    const all = [...e.changes, ...changes()]
    expect(all).toContainEqual({ path: 'src/a.jl', kind: 'deleted' })
  })

  it("reports Kiln's own atomic save as a change, never its temp file", async () => {
    await ws.write('src/a.jl', 'saved\n')
    await rec.waitFor('workspace:changed', has('src/a.jl', 'changed'))
    await sleep(150)
    expect(changes().filter((c) => c.path !== 'src/a.jl')).toEqual([])
    expect(changes().some((c) => c.path === 'src/a.jl' && c.kind !== 'changed')).toBe(false)
  })

  it('coalesces a burst of writes into few batches with one entry per path', async () => {
    for (let i = 0; i < 30; i++) await appendFile(path.join(root, 'README.md'), `${i}\n`)
    await rec.waitFor('workspace:changed', has('README.md', 'changed'))
    await sleep(200)
    const batches = rec.of('workspace:changed')
    expect(batches.length).toBeLessThanOrEqual(5)
    for (const b of batches) expect(b.changes.filter((c) => c.path === 'README.md')).toHaveLength(1)
  })

  it('ignores .git internals and node_modules', async () => {
    await writeFile(path.join(root, '.git/index'), 'x')
    await writeFile(path.join(root, '.git/HEAD'), 'ref2\n')
    await writeFile(path.join(root, 'node_modules/m/i.js'), 'changed')
    await writeFile(path.join(root, 'marker.txt'), '')
    await rec.waitFor('workspace:changed', has('marker.txt', 'created'))
    await sleep(150)
    expect(changes().map((c) => c.path)).toEqual(['marker.txt'])
  })

  it('stops reporting after close and after dispose', async () => {
    ws.close()
    await writeFile(path.join(root, 'after-close.jl'), '')
    await sleep(200)
    expect(changes()).toEqual([])
    await ws.open(root)
    await ws.watching()
    ws.dispose()
    await writeFile(path.join(root, 'after-dispose.jl'), '')
    await sleep(200)
    expect(changes()).toEqual([])
  })
})
