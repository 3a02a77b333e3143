// The workspace channels through the real router: typed results, errors as values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { channelNames, ok, type Channel } from '../../src-preload/contract'
import { Router, type Handlers } from '../../src-main/router'
import { silentLogger } from '../../src-main/lib/log'
import { BackupService } from '../../src-main/services/workspace/backup-service'
import { workspaceHandlers } from '../../src-main/services/workspace/handlers'
import { SearchService } from '../../src-main/services/workspace/search-service'
import { makeWorkspace, tempDir, writeTree, type recorder } from './helpers'

let router: Router
let root: string
let rec: ReturnType<typeof recorder>
let cleanups: Array<() => Promise<void>> = []

beforeEach(async () => {
  const t = await tempDir()
  root = t.dir
  await writeTree(root, { 'src/Main.jl': 'main() = println("hi")\n' })
  const made = await makeWorkspace()
  rec = made.rec
  const search = new SearchService({ workspace: made.ws, emit: made.rec.emit, log: silentLogger })
  const backups = new BackupService({ userDataDir: made.userData, workspace: made.ws, log: silentLogger })
  const mine = workspaceHandlers({ workspace: made.ws, search, backups })
  // Channels of other areas answer as if absent; only ours are exercised here.
  const rest = Object.fromEntries(channelNames.map((c) => [c, () => ok(null)])) as unknown as Handlers
  router = new Router({ ...rest, ...mine }, silentLogger)
  cleanups = [
    async () => {
      search.dispose()
      backups.dispose()
    },
    made.cleanup,
    t.cleanup,
  ]
})

afterEach(async () => {
  for (const c of cleanups) await c()
})

const call = (ch: Channel, args: unknown) => router.dispatch(ch, args)

describe('workspace channels', () => {
  it('opens, reads, saves with conflict detection, and reports errors as values', async () => {
    expect(await call('workspace:current', {})).toEqual({ ok: true, value: null })
    expect(await call('workspace:read', { path: 'src/Main.jl' })).toMatchObject({ ok: false, code: 'NO_WORKSPACE' })
    expect(await call('workspace:open', { path: root })).toMatchObject({ ok: true, value: { root } })
    expect(await call('workspace:current', {})).toMatchObject({ ok: true, value: { root } })

    const read = await call('workspace:read', { path: 'src/Main.jl' })
    if (!read.ok) throw new Error(read.message)
    const file = read.value as { mtimeMs: number; content: string }
    expect(file.content).toBe('main() = println("hi")\n')
    const saved = await call('workspace:write', { path: 'src/Main.jl', content: 'main() = 1\n', expectedMtimeMs: file.mtimeMs })
    expect(saved).toMatchObject({ ok: true, value: { size: 11 } })
    // The buffer's old mtime no longer matches the disk: CONFLICT, as a value.
    const stale = await call('workspace:write', { path: 'src/Main.jl', content: 'lost?\n', expectedMtimeMs: file.mtimeMs - 1000 })
    expect(stale).toMatchObject({ ok: false, code: 'CONFLICT' })

    const out = await call('workspace:read', { path: '../../etc/passwd' })
    expect(out).toMatchObject({ ok: false, code: 'OUTSIDE_WORKSPACE' })
    expect(!out.ok && out.message).toContain('../../etc/passwd')
    expect(await call('workspace:list', { path: '' })).toMatchObject({ ok: true, value: [{ name: 'src', kind: 'dir' }] })
    expect(await call('workspace:create', { path: 'x', kind: 'nope' })).toMatchObject({ ok: false, code: 'INVALID_ARGS' })
  })

  it('starts a search, streams results, and refuses a bad regex as INVALID_ARGS', async () => {
    await call('workspace:open', { path: root })
    const bad = await call('search:start', { pattern: '(', isRegex: true })
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_ARGS' })
    const started = await call('search:start', { pattern: 'println' })
    if (!started.ok) throw new Error(started.message)
    const { searchId } = started.value as { searchId: string }
    const done = await rec.waitFor('search:done', (d) => d.searchId === searchId)
    expect(done.matches).toBe(1)
    expect(rec.of('search:result')).toEqual([
      { searchId, path: 'src/Main.jl', matches: [{ line: 1, column: 10, length: 7, preview: 'main() = println("hi")', previewColumn: 10 }] },
    ])
    expect(await call('search:cancel', { searchId })).toEqual({ ok: true, value: null })
  })

  it('backs up, lists and clears buffers', async () => {
    await call('workspace:open', { path: root })
    expect(await call('backup:write', { path: 'src/Main.jl', content: 'dirty', baseMtimeMs: 5 })).toEqual({ ok: true, value: null })
    expect(await call('backup:list', {})).toMatchObject({ ok: true, value: [{ path: 'src/Main.jl', content: 'dirty', baseMtimeMs: 5 }] })
    await call('backup:clear', { path: 'src/Main.jl' })
    expect(await call('backup:list', {})).toEqual({ ok: true, value: [] })
  })
})
