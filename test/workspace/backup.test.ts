// Hot exit: unsaved buffers backed up per workspace, atomically, surviving a SIGKILL.
import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BackupService } from '../../src-main/services/workspace/backup-service'
import { memoryLogger } from '../../src-main/lib/log'
import { failure, makeWorkspace, tempDir } from './helpers'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function setup() {
  const a = await tempDir()
  const b = await tempDir()
  const made = await makeWorkspace()
  cleanups.push(made.cleanup, a.cleanup, b.cleanup)
  let clock = 1_000
  const log = memoryLogger()
  const backups = new BackupService({ userDataDir: made.userData, workspace: made.ws, log, now: () => clock++ })
  await made.ws.open(a.dir)
  return { ...made, folderA: a.dir, folderB: b.dir, backups, log }
}

describe('backups', () => {
  it('round-trips unsaved buffers of the open folder, as JSON files under the user data folder', async () => {
    const { backups, userData, folderA } = await setup()
    await backups.write('src/b.jl', 'b = 2 # unsaved\n', 1700000000123.25)
    await backups.write('a.jl', 'new file, never saved', null)
    expect(await backups.list()).toEqual([
      { path: 'a.jl', content: 'new file, never saved', savedAt: 1001, baseMtimeMs: null },
      { path: 'src/b.jl', content: 'b = 2 # unsaved\n', savedAt: 1000, baseMtimeMs: 1700000000123.25 },
    ])
    const dir = backups.dirFor(folderA)
    expect(path.dirname(dir)).toBe(path.join(userData, 'backups'))
    const files = await readdir(dir)
    expect(files).toHaveLength(2) // no temp files left behind
    for (const f of files) expect(f).toMatch(/^[0-9a-f]+\.json$/)
    const one = JSON.parse(await readFile(path.join(dir, files[0] as string), 'utf8'))
    expect(Object.keys(one).sort()).toEqual(['baseMtimeMs', 'content', 'path', 'savedAt'])
  })

  it('keeps the last of many quick writes and forgets a cleared buffer', async () => {
    const { backups } = await setup()
    await Promise.all(Array.from({ length: 20 }, (_, i) => backups.write('a.jl', `version ${i}`, 1)))
    expect((await backups.list()).map((b) => b.content)).toEqual(['version 19'])
    void backups.write('a.jl', 'typed again', 1)
    await backups.clear('a.jl') // a clear after a write lands after it
    expect(await backups.list()).toEqual([])
    await backups.clear('never-backed-up.jl')
  })

  it('keeps each folder\'s backups apart', async () => {
    const { backups, ws, folderA, folderB } = await setup()
    await backups.write('a.jl', 'in A', 1)
    await ws.open(folderB)
    expect(await backups.list()).toEqual([])
    await backups.write('a.jl', 'in B', 2)
    await ws.open(folderA)
    expect((await backups.list()).map((b) => b.content)).toEqual(['in A'])
  })

  it('skips a damaged backup file with a warning', async () => {
    const { backups, folderA, log } = await setup()
    await backups.write('ok.jl', 'fine', 1)
    await writeFile(path.join(backups.dirFor(folderA), 'deadbeef.json'), '{"path": 3')
    expect((await backups.list()).map((b) => b.path)).toEqual(['ok.jl'])
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('deadbeef.json'))).toBe(true)
  })

  it('needs an open folder and a path inside it', async () => {
    const { backups, ws } = await setup()
    expect((await failure(Promise.resolve().then(() => backups.write('../x.jl', 'x', 1)))).code).toBe('OUTSIDE_WORKSPACE')
    ws.close()
    expect((await failure(Promise.resolve().then(() => backups.write('a.jl', 'x', 1)))).code).toBe('NO_WORKSPACE')
    expect(await backups.list()).toEqual([])
  })

  it('survives the server being killed with SIGKILL right after the backup', async () => {
    const { userData, folderA, ws } = await setup()
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/backup-then-sigkill.ts'), userData, folderA], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)))
    expect(stderr).toBe('')
    expect(signal).toBe('SIGKILL')
    // "Starting again": fresh services on the same user data folder.
    const restarted = new BackupService({ userDataDir: userData, workspace: ws, log: memoryLogger() })
    expect(await restarted.list()).toEqual([
      { path: 'src/dirty.jl', content: 'unsaved work ✓\n', savedAt: expect.any(Number), baseMtimeMs: 1234.5 },
    ])
  })
})
