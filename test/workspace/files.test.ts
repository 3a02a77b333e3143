// Reading, saving, listing, creating, renaming and deleting files in the open folder.
import { chmod, readdir, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises'
import { spawnSync } from 'node:child_process'
import { homedir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LARGE_FILE_BYTES, MAX_READ_BYTES } from '../../src-main/services/workspace/fs-ops'
import { homeTrashDir } from '../../src-main/services/workspace/trash'
import { listAllFiles } from '../../src-main/services/workspace/walk'
import type { WorkspaceService } from '../../src-main/services/workspace/workspace-service'
import { failure, isRoot, makeWorkspace, tempDir, writeTree } from './helpers'

let root: string
let ws: WorkspaceService
let cleanups: Array<() => Promise<void>> = []

beforeEach(async () => {
  const t = await tempDir()
  root = t.dir
  const made = await makeWorkspace()
  ws = made.ws
  cleanups = [made.cleanup, t.cleanup]
  expect((await ws.open(root)).ok).toBe(true)
})

afterEach(async () => {
  for (const c of cleanups) await c()
})

describe('save', () => {
  it('replaces the file atomically, keeps its mode and leaves no temp files', async () => {
    await writeTree(root, { 'run.sh': '#!/bin/sh\necho old\n', 'secret.jl': 'x = 1\n', 'shared.txt': '' })
    await chmod(path.join(root, 'run.sh'), 0o755)
    await chmod(path.join(root, 'secret.jl'), 0o600)
    await chmod(path.join(root, 'shared.txt'), 0o664) // group-writable: a umask of 022 alone would lose that
    const before = (await stat(path.join(root, 'run.sh'))).ino

    const r = await ws.write('run.sh', '#!/bin/sh\necho new\n')
    await ws.write('secret.jl', 'x = 2\n')
    await ws.write('shared.txt', 'shared\n')

    const st = await stat(path.join(root, 'run.sh'))
    expect(await readFile(path.join(root, 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho new\n')
    expect(st.mode & 0o777).toBe(0o755)
    expect((await stat(path.join(root, 'secret.jl'))).mode & 0o777).toBe(0o600)
    expect((await stat(path.join(root, 'shared.txt'))).mode & 0o777).toBe(0o664)
    expect(st.ino).not.toBe(before) // a new file was renamed over the old one
    expect(r).toEqual({ mtimeMs: st.mtimeMs, size: st.size })
    expect((await readdir(root)).sort()).toEqual(['run.sh', 'secret.jl', 'shared.txt'])
  })

  it('creates a new file, and its folders', async () => {
    const r = await ws.write('new/deep/file.jl', 'hello ✓\n')
    expect(await readFile(path.join(root, 'new/deep/file.jl'), 'utf8')).toBe('hello ✓\n')
    expect(r.size).toBe(Buffer.byteLength('hello ✓\n'))
  })

  it('refuses with CONFLICT when the file changed on disk since it was read, writing nothing', async () => {
    await writeTree(root, { 'a.jl': 'v1\n' })
    const opened = await ws.read('a.jl')
    await writeFile(path.join(root, 'a.jl'), 'changed elsewhere\n')
    await utimes(path.join(root, 'a.jl'), new Date(), new Date(opened.mtimeMs + 5000))

    const f = await failure(ws.write('a.jl', 'my edit\n', opened.mtimeMs))
    expect(f.code).toBe('CONFLICT')
    expect(f.message).toContain('a.jl')
    expect(await readFile(path.join(root, 'a.jl'), 'utf8')).toBe('changed elsewhere\n')

    // With the current mtime (the user chose to overwrite after reloading) it saves.
    const fresh = await ws.read('a.jl')
    const saved = await ws.write('a.jl', 'my edit\n', fresh.mtimeMs)
    expect(await readFile(path.join(root, 'a.jl'), 'utf8')).toBe('my edit\n')
    // Saving again with the mtime the last save returned is no conflict.
    await ws.write('a.jl', 'second edit\n', saved.mtimeMs)
    expect(await readFile(path.join(root, 'a.jl'), 'utf8')).toBe('second edit\n')
  })

  it.skipIf(isRoot)('refuses to replace a read-only file', async () => {
    await writeTree(root, { 'ro.jl': 'keep\n' })
    await chmod(path.join(root, 'ro.jl'), 0o444)
    expect((await failure(ws.write('ro.jl', 'x'))).code).toBe('PERMISSION')
    expect(await readFile(path.join(root, 'ro.jl'), 'utf8')).toBe('keep\n')
  })

  it('refuses to write over a folder', async () => {
    await ws.create('dir', 'dir')
    expect((await failure(ws.write('dir', 'x'))).code).toBe('IS_A_DIRECTORY')
  })
})

describe('read', () => {
  it('returns text with its mtime and size, keeping a byte-order mark for the round trip', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('α = 1\r\n')])
    await writeFile(path.join(root, 'bom.jl'), bytes)
    const file = await ws.read('bom.jl')
    const st = await stat(path.join(root, 'bom.jl'))
    expect(file).toMatchObject({ path: 'bom.jl', readOnly: null, mtimeMs: st.mtimeMs, size: bytes.length })
    await ws.write('bom.jl', file.content)
    expect(await readFile(path.join(root, 'bom.jl'))).toEqual(bytes)
  })

  it('opens binary files (a NUL byte, or invalid UTF-8) read-only and empty', async () => {
    await writeFile(path.join(root, 'nul.bin'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]))
    await writeFile(path.join(root, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])) // "café" in Latin-1
    for (const name of ['nul.bin', 'latin1.txt']) {
      const f = await ws.read(name)
      expect(f.readOnly).toBe('binary')
      expect(f.content).toBe('')
      expect(f.size).toBeGreaterThan(0)
    }
  })

  it('opens files over 20 MB read-only with their content, and refuses files over 50 MB', async () => {
    const big = path.join(root, 'big.csv')
    await writeFile(big, 'x'.repeat(LARGE_FILE_BYTES + 10))
    const f = await ws.read('big.csv')
    expect(f.readOnly).toBe('large')
    expect(f.content.length).toBe(LARGE_FILE_BYTES + 10)

    const huge = path.join(root, 'huge.csv')
    await writeFile(huge, '')
    await truncate(huge, MAX_READ_BYTES + 1)
    const g = await failure(ws.read('huge.csv'))
    expect(g.code).toBe('TOO_LARGE')
    expect(g.message).toContain('huge.csv')
  })

  it.skipIf(process.platform === 'win32')('refuses a FIFO without hanging', async () => {
    spawnSync('mkfifo', [path.join(root, 'pipe')])
    expect((await failure(ws.read('pipe'))).code).toBe('UNSUPPORTED')
  })

  it('says what is wrong with a folder or a missing file', async () => {
    await ws.create('dir', 'dir')
    expect((await failure(ws.read('dir'))).code).toBe('IS_A_DIRECTORY')
    expect((await failure(ws.read('nope.jl'))).code).toBe('NOT_FOUND')
  })
})

describe('list and files', () => {
  it('lists one folder: folders first, then files, in case-insensitive natural order, without .git', async () => {
    await writeTree(root, {
      'b.jl': '',
      'A.jl': '',
      'file10.jl': '',
      'file2.jl': '',
      'Zeta.jl': '',
      '.hidden': '',
      '.git/HEAD': '',
      'src/x.jl': '',
      'Docs/index.md': '',
      'src/nested/y.jl': '',
    })
    const entries = await ws.list('')
    expect(entries.map((e) => e.name)).toEqual(['Docs', 'src', '.hidden', 'A.jl', 'b.jl', 'file2.jl', 'file10.jl', 'Zeta.jl'])
    expect(entries[0]).toMatchObject({ path: 'Docs', kind: 'dir' })
    expect(entries.find((e) => e.name === 'b.jl')).toMatchObject({ path: 'b.jl', kind: 'file', size: 0 })
    // Lazy: one level only, with workspace-relative paths.
    expect((await ws.list('src')).map((e) => [e.path, e.kind])).toEqual([
      ['src/nested', 'dir'],
      ['src/x.jl', 'file'],
    ])
    expect((await failure(ws.list('b.jl'))).code).toBe('NOT_A_DIRECTORY')
    expect((await failure(ws.list('missing'))).code).toBe('NOT_FOUND')
  })

  it('lists every file for Quick Open, skipping heavy folders', async () => {
    await writeTree(root, {
      'Project.toml': '',
      '.JuliaFormatter.toml': '',
      'src/Pkg.jl': '',
      'src/deep/er/x.jl': '',
      '.git/config': '',
      'node_modules/m/index.js': '',
      'out/main.js': '',
      'dist/app': '',
      'sub/node_modules/z.js': '',
    })
    expect(await ws.files()).toEqual({
      files: ['.JuliaFormatter.toml', 'Project.toml', 'src/Pkg.jl', 'src/deep/er/x.jl'],
      truncated: false,
    })
  })

  it('caps the Quick Open list and says so', async () => {
    await writeTree(root, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.jl`, ''])))
    const r = await listAllFiles(root, 5)
    expect(r.truncated).toBe(true)
    expect(r.files).toHaveLength(5)
    expect((await listAllFiles(root, 12)).truncated).toBe(false)
  })
})

describe('create, rename', () => {
  it('creates files and folders, refusing what exists', async () => {
    expect(await ws.create('src/Pkg.jl', 'file')).toMatchObject({ path: 'src/Pkg.jl', name: 'Pkg.jl', kind: 'file', size: 0 })
    expect(await ws.create('docs', 'dir')).toMatchObject({ path: 'docs', kind: 'dir' })
    expect((await stat(path.join(root, 'src'))).isDirectory()).toBe(true)
    expect((await failure(ws.create('src/Pkg.jl', 'file'))).code).toBe('EXISTS')
    expect((await failure(ws.create('docs', 'file'))).code).toBe('EXISTS')
    expect((await failure(ws.create('src', 'dir'))).code).toBe('EXISTS')
  })

  it('renames and moves, never overwriting', async () => {
    await writeTree(root, { 'a.jl': 'A', 'b.jl': 'B', 'dir/c.jl': 'C' })
    await ws.rename('a.jl', 'moved/into/a2.jl')
    expect(await readFile(path.join(root, 'moved/into/a2.jl'), 'utf8')).toBe('A')
    await expect(stat(path.join(root, 'a.jl'))).rejects.toThrow()

    const f = await failure(ws.rename('b.jl', 'moved/into/a2.jl'))
    expect(f.code).toBe('EXISTS')
    expect(f.message).toContain('moved/into/a2.jl')
    expect(await readFile(path.join(root, 'b.jl'), 'utf8')).toBe('B')
    expect(await readFile(path.join(root, 'moved/into/a2.jl'), 'utf8')).toBe('A')

    await ws.rename('dir', 'Dir2')
    expect(await readFile(path.join(root, 'Dir2/c.jl'), 'utf8')).toBe('C')
    expect((await failure(ws.rename('Dir2', 'Dir2/inner'))).code).toBe('INVALID_ARGS')
    expect((await failure(ws.rename('missing.jl', 'x.jl'))).code).toBe('NOT_FOUND')
    expect((await failure(ws.rename('', 'x'))).code).toBe('INVALID_ARGS')
  })
})

describe('delete', () => {
  it('moves to the freedesktop trash with a .trashinfo recording the original path', async () => {
    const made = await makeWorkspace()
    cleanups.push(made.cleanup)
    await made.ws.open(root)
    await writeTree(root, { 'my file.jl': 'one', 'sub/my file.jl': 'two', 'folder/x.jl': 'x' })

    expect(await made.ws.delete('my file.jl')).toEqual({ trashed: true })
    expect(await made.ws.delete('sub/my file.jl')).toEqual({ trashed: true })
    expect(await made.ws.delete('folder')).toEqual({ trashed: true })
    await expect(stat(path.join(root, 'my file.jl'))).rejects.toThrow()
    await expect(stat(path.join(root, 'folder'))).rejects.toThrow()

    const files = (await readdir(path.join(made.trash, 'files'))).sort()
    expect(files).toEqual(['folder', 'my file.2.jl', 'my file.jl'])
    expect(await readFile(path.join(made.trash, 'files', 'my file.jl'), 'utf8')).toBe('one')
    expect(await readFile(path.join(made.trash, 'files', 'my file.2.jl'), 'utf8')).toBe('two')
    expect(await readFile(path.join(made.trash, 'files', 'folder', 'x.jl'), 'utf8')).toBe('x')

    const info = await readFile(path.join(made.trash, 'info', 'my file.2.jl.trashinfo'), 'utf8')
    const lines = info.trim().split('\n')
    expect(lines[0]).toBe('[Trash Info]')
    expect(lines[1]).toBe(`Path=${path.join(root, 'sub', 'my%20file.jl')}`)
    expect(lines[2]).toMatch(/^DeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    expect((await readdir(path.join(made.trash, 'info'))).sort()).toEqual([
      'folder.trashinfo',
      'my file.2.jl.trashinfo',
      'my file.jl.trashinfo',
    ])
  })

  it("uses the host's trash when it has one, and deletes outright when there is none", async () => {
    const trashed: string[] = []
    const host = await makeWorkspace({ trashItem: async (p) => void trashed.push(p) })
    const none = await makeWorkspace({ trashDir: null })
    cleanups.push(host.cleanup, none.cleanup)
    await writeTree(root, { 'a.jl': '', 'b.jl': '' })
    await host.ws.open(root)
    await none.ws.open(root)
    expect(await host.ws.delete('a.jl')).toEqual({ trashed: true })
    expect(trashed).toEqual([path.join(root, 'a.jl')])
    expect(await none.ws.delete('b.jl')).toEqual({ trashed: false })
    await expect(stat(path.join(root, 'b.jl'))).rejects.toThrow()
  })

  it('finds the home trash through XDG_DATA_HOME, as the spec says', () => {
    expect(homeTrashDir({ XDG_DATA_HOME: '/data/me' })).toBe('/data/me/Trash')
    expect(homeTrashDir({})).toBe(path.join(homedir(), '.local/share/Trash'))
    expect(homeTrashDir({ XDG_DATA_HOME: 'relative/ignored' })).toBe(path.join(homedir(), '.local/share/Trash'))
  })

  it('refuses to delete what is not there, or the folder itself', async () => {
    expect((await failure(ws.delete('nope.jl'))).code).toBe('NOT_FOUND')
    expect((await failure(ws.delete(''))).code).toBe('INVALID_ARGS')
  })
})
