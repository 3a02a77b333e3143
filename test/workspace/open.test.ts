// Opening and closing folders, recent folders, and the browser host's folder picker.
import { mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { browseFolders } from '../../src-main/services/workspace/browse'
import { MAX_RECENT, RECENT_FILE } from '../../src-main/services/workspace/recent'
import { WorkspaceService } from '../../src-main/services/workspace/workspace-service'
import { failure, makeWorkspace, recorder, tempDir } from './helpers'
import { memoryLogger } from '../../src-main/lib/log'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function setup() {
  const t = await tempDir()
  const made = await makeWorkspace()
  cleanups.push(made.cleanup, t.cleanup)
  return { dir: t.dir, ...made }
}

describe('open and close', () => {
  it('opens a folder, tells listeners and the renderer, and closes it', async () => {
    const { dir, ws, rec } = await setup()
    const roots: Array<string | null> = []
    const sub = ws.onDidChangeRoot((r) => roots.push(r))
    const r = await ws.open(dir)
    expect(r).toEqual({ ok: true, value: { root: dir, name: path.basename(dir) } })
    expect(ws.root).toBe(dir)
    expect(rec.of('workspace:opened')).toEqual([{ root: dir, name: path.basename(dir) }])
    ws.close()
    expect(ws.root).toBeNull()
    expect(rec.of('workspace:opened')).toEqual([{ root: dir, name: path.basename(dir) }, null])
    sub.dispose()
    await ws.open(dir)
    expect(roots).toEqual([dir, null])
  })

  it('resolves the folder to its real path', async () => {
    const { dir, ws } = await setup()
    await mkdir(path.join(dir, 'real'))
    await symlink(path.join(dir, 'real'), path.join(dir, 'alias'))
    const r = await ws.open(path.join(dir, 'alias/'))
    expect(r.ok && r.value.root).toBe(path.join(dir, 'real'))
  })

  it('explains why a folder cannot be opened', async () => {
    const { dir, ws, rec } = await setup()
    await writeFile(path.join(dir, 'file.txt'), '')
    const missing = await ws.open(path.join(dir, 'nope'))
    expect(missing).toEqual({ ok: false, code: 'NOT_FOUND', message: `folder not found: ${path.join(dir, 'nope')}` })
    const file = await ws.open(path.join(dir, 'file.txt'))
    expect(file.ok || file.code).toBe('NOT_A_DIRECTORY')
    expect(file.ok || file.message).toContain('file.txt')
    expect(ws.root).toBeNull()
    expect(rec.of('workspace:opened')).toEqual([])
  })
})

describe('recent folders', () => {
  it('keeps the 10 most recent, most recent first, without duplicates, across restarts', async () => {
    const { dir, ws, userData } = await setup()
    const folders: string[] = []
    for (let i = 0; i < 12; i++) {
      const f = path.join(dir, `p${i}`)
      await mkdir(f)
      folders.push(f)
      await ws.open(f)
    }
    await ws.open(folders[5] as string)
    const expected = [folders[5], folders[11], folders[10], folders[9], folders[8], folders[7], folders[6], folders[4], folders[3], folders[2]]
    expect(await ws.recent()).toEqual(expected)
    expect(expected).toHaveLength(MAX_RECENT)

    // Persisted as JSON in the user data folder; a new service (a restart) sees the same list.
    expect(JSON.parse(await readFile(path.join(userData, RECENT_FILE), 'utf8'))).toEqual(expected)
    const again = new WorkspaceService({ userDataDir: userData, emit: recorder().emit, log: memoryLogger(), watch: false })
    expect(await again.recent()).toEqual(expected)

    // A folder that went away is dropped.
    await rm(folders[11] as string, { recursive: true })
    expect(await again.recent()).toEqual(expected.filter((f) => f !== folders[11]))
    again.dispose()
  })

  it('starts a fresh list when the file is corrupt, with a warning', async () => {
    const { dir, ws, userData, log } = await setup()
    await writeFile(path.join(userData, RECENT_FILE), '{not json')
    expect(await ws.recent()).toEqual([])
    expect(log.lines.some((l) => l.startsWith('warn'))).toBe(true)
    await ws.open(dir)
    expect(await ws.recent()).toEqual([dir])
  })
})

describe('folder picker (browseFolders)', () => {
  it('lists sub-folders only, visible first in natural order, hidden last, with the parent', async () => {
    const { dir } = await setup()
    for (const d of ['proj10', 'proj2', 'Alpha', '.config', '.cache']) await mkdir(path.join(dir, d))
    await writeFile(path.join(dir, 'notes.txt'), '')
    await symlink(path.join(dir, 'Alpha'), path.join(dir, 'alpha-link'))
    const l = await browseFolders(dir)
    expect(l.path).toBe(dir)
    expect(l.parent).toBe(path.dirname(dir))
    expect(l.dirs).toEqual(['Alpha', 'alpha-link', 'proj2', 'proj10', '.cache', '.config'])
    expect(l.home).toBe(homedir())
  })

  it('starts at home, understands ~, and has no parent at the file-system root', async () => {
    const { ws } = await setup()
    expect((await ws.browseFolders()).path).toBe(await realpath(homedir()))
    expect((await browseFolders('~')).path).toBe(await realpath(homedir()))
    expect((await browseFolders('/')).parent).toBeNull()
  })

  it('says clearly when a folder is missing or is a file', async () => {
    const { dir } = await setup()
    await writeFile(path.join(dir, 'f.txt'), '')
    const missing = await failure(browseFolders(path.join(dir, 'gone')))
    expect(missing.code).toBe('NOT_FOUND')
    expect(missing.message).toContain('gone')
    expect((await failure(browseFolders(path.join(dir, 'f.txt')))).code).toBe('NOT_A_DIRECTORY')
  })
})
