// A path outside the open folder is refused, however it gets there: `..`, an absolute path, or a
// symbolic link whose real path is outside. Links that stay inside work.
import { lstat, readFile, readlink, stat, symlink } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WorkspaceService } from '../../src-main/services/workspace/workspace-service'
import { failure, makeWorkspace, tempDir, writeTree } from './helpers'

let root: string
let outside: string
let ws: WorkspaceService
const cleanups: Array<() => Promise<void>> = []

beforeEach(async () => {
  const a = await tempDir()
  const b = await tempDir('kiln-outside-')
  root = a.dir
  outside = b.dir
  const made = await makeWorkspace()
  ws = made.ws
  cleanups.push(a.cleanup, b.cleanup, made.cleanup)
  await writeTree(outside, { 'secret.txt': 'secret' })
  await writeTree(root, { 'src/a.jl': 'f(x) = x\n', 'README.md': '# hi\n' })
  await symlink(outside, path.join(root, 'link-out'))
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link-out-file'))
  await symlink(path.join(root, 'src'), path.join(root, 'link-in'))
  await symlink('src/a.jl', path.join(root, 'link-in-file'))
  expect((await ws.open(root)).ok).toBe(true)
})

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

describe('confinement', () => {
  it('refuses `..` that climbs out, naming the path', async () => {
    const rel = `../${path.basename(outside)}/secret.txt`
    const f = await failure(ws.read(rel))
    expect(f.code).toBe('OUTSIDE_WORKSPACE')
    expect(f.message).toContain(rel)
    expect((await failure(ws.read('src/../../x'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.list('..'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.resolve('a/b/../../..'))).code).toBe('OUTSIDE_WORKSPACE')
  })

  it('allows `..` that stays inside', async () => {
    expect((await ws.read('src/../README.md')).content).toBe('# hi\n')
    expect(await ws.resolve('src/../src/a.jl')).toBe(path.join(root, 'src', 'a.jl'))
    expect(await ws.resolve('')).toBe(root)
  })

  it('refuses absolute paths, even ones inside the folder', async () => {
    expect((await failure(ws.read(path.join(outside, 'secret.txt')))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.read(path.join(root, 'README.md')))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.write('/tmp/kiln-evil.txt', 'x'))).code).toBe('OUTSIDE_WORKSPACE')
  })

  it('refuses reads, writes and listings through a symlink that points out', async () => {
    expect((await failure(ws.read('link-out/secret.txt'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.read('link-out-file'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.list('link-out'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.write('link-out-file', 'pwned'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.write('link-out/new.txt', 'pwned'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.write('link-out/new/deeper/x.txt', 'pwned'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.create('link-out/evil', 'file'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.create('link-out/evil-dir/x', 'dir'))).code).toBe('OUTSIDE_WORKSPACE')
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret')
    await expect(stat(path.join(outside, 'new.txt'))).rejects.toThrow()
    await expect(stat(path.join(outside, 'evil'))).rejects.toThrow()
    await expect(stat(path.join(outside, 'new'))).rejects.toThrow()
  })

  it('refuses renames and deletes that reach out', async () => {
    expect((await failure(ws.rename('src/a.jl', '../stolen.jl'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.rename('src/a.jl', 'link-out/a.jl'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.rename('link-out/secret.txt', 'mine.txt'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.delete('link-out/secret.txt'))).code).toBe('OUTSIDE_WORKSPACE')
    expect((await failure(ws.delete('..'))).code).toBe('OUTSIDE_WORKSPACE')
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret')
    expect(await readFile(path.join(root, 'src/a.jl'), 'utf8')).toBe('f(x) = x\n')
  })

  it('deleting a link that points out removes the link, not what it points to', async () => {
    await ws.delete('link-out')
    await expect(lstat(path.join(root, 'link-out'))).rejects.toThrow()
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret')
  })

  it('follows symlinks that stay inside', async () => {
    expect((await ws.read('link-in/a.jl')).content).toBe('f(x) = x\n')
    expect((await ws.list('link-in')).map((e) => e.name)).toEqual(['a.jl'])
    await ws.write('link-in-file', 'g(x) = 2x\n')
    // The write went to the target; the link is still a link.
    expect(await readFile(path.join(root, 'src/a.jl'), 'utf8')).toBe('g(x) = 2x\n')
    expect(await readlink(path.join(root, 'link-in-file'))).toBe('src/a.jl')
  })

  it('lists a link that points out as a symlink, and one that stays inside as its target', async () => {
    const entries = await ws.list('')
    const kind = (name: string): string | undefined => entries.find((e) => e.name === name)?.kind
    expect(kind('link-out')).toBe('symlink')
    expect(kind('link-out-file')).toBe('symlink')
    expect(kind('link-in')).toBe('dir')
    expect(kind('link-in-file')).toBe('file')
  })

  it('refuses everything when no folder is open', async () => {
    ws.close()
    expect((await failure(ws.read('README.md'))).code).toBe('NO_WORKSPACE')
    expect((await failure(ws.resolve('README.md'))).code).toBe('NO_WORKSPACE')
  })
})
