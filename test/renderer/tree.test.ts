import { describe, expect, it } from 'vitest'
import type { DirEntry } from '../../src-preload/contract'
import { pruneDeleted, sortEntries, staleFolders, targetFolder, visibleRows } from '../../src-renderer/panels/explorer/tree'

const f = (path: string): DirEntry => ({ name: path.split('/').pop()!, path, kind: 'file', size: 1, mtimeMs: 1 })
const d = (path: string): DirEntry => ({ ...f(path), kind: 'dir' })

describe('explorer tree', () => {
  it('sorts folders first, then names naturally', () => {
    const sorted = sortEntries([f('b.jl'), f('file10.jl'), d('src'), f('file2.jl'), f('A.md'), d('docs')])
    expect(sorted.map((e) => e.name)).toEqual(['docs', 'src', 'A.md', 'b.jl', 'file2.jl', 'file10.jl'])
  })

  it('lists rows of expanded, loaded folders depth first', () => {
    const children = { '': [d('src'), f('README.md')], src: [d('src/sub'), f('src/a.jl')], 'src/sub': [f('src/sub/x.jl')] }
    const rows = visibleRows(children, { src: true })
    expect(rows.map((r) => (r.type === 'entry' ? `${r.depth}:${r.entry.path}` : 'new'))).toEqual(['0:src', '1:src/sub', '1:src/a.jl', '0:README.md'])
    // A collapsed folder hides its loaded children; the inline input goes first in its folder.
    const withNew = visibleRows(children, { src: true, 'src/sub': false }, { dir: 'src', kind: 'file' })
    expect(withNew[1]).toEqual({ type: 'new', dir: 'src', kind: 'file', depth: 1 })
  })

  it('reloads the parent folders of created and deleted paths that are loaded', () => {
    const children = { '': [], src: [] }
    expect(
      staleFolders(
        [
          { path: 'src/new.jl', kind: 'created' },
          { path: 'top.jl', kind: 'deleted' },
          { path: 'src/a.jl', kind: 'changed' },
          { path: 'notloaded/x.jl', kind: 'created' },
        ],
        children,
      ).sort(),
    ).toEqual(['', 'src'])
  })

  it('forgets listings under deleted folders', () => {
    const r = pruneDeleted({ '': [], src: [], 'src/sub': [], srcx: [] }, { src: true, 'src/sub': true, srcx: true }, ['src'])
    expect(Object.keys(r.children).sort()).toEqual(['', 'srcx'])
    expect(r.expanded).toEqual({ srcx: true })
  })

  it('puts new files in the selected folder, beside a selected file, or at the root', () => {
    expect(targetFolder(null)).toBe('')
    expect(targetFolder(d('src/sub'))).toBe('src/sub')
    expect(targetFolder(f('src/a.jl'))).toBe('src')
  })
})
