import { describe, expect, it } from 'vitest'
import { findFileLinks, toWorkspacePath } from '../../src-renderer/panels/terminal/links'

const links = (text: string) => findFileLinks(text).map(({ path, line, column }) => (column ? [path, line, column] : [path, line]))

describe('findFileLinks', () => {
  it('finds path:line and path:line:column', () => {
    expect(links('src/Foo.jl:12')).toEqual([['src/Foo.jl', 12]])
    expect(links('error in src/Foo.jl:12:5 here')).toEqual([['src/Foo.jl', 12, 5]])
  })

  it('finds Julia stack frames with absolute and home paths', () => {
    expect(links('   [2] top-level scope @ /home/u/proj/src/run.jl:7')).toEqual([['/home/u/proj/src/run.jl', 7]])
    expect(links('  @ Main ~/proj/test/runtests.jl:3')).toEqual([['~/proj/test/runtests.jl', 3]])
    expect(links('in expression starting at ./main.jl:1')).toEqual([['./main.jl', 1]])
  })

  it('finds Windows-style paths', () => {
    expect(links('C:\\work\\proj\\src\\a.jl:4:2')).toEqual([['C:\\work\\proj\\src\\a.jl', 4, 2]])
    expect(links('src\\a.jl:9')).toEqual([['src\\a.jl', 9]])
  })

  it('gives the exact span of the link text', () => {
    const [m] = findFileLinks('see ("lib/x.jl:10") now')
    expect(m).toMatchObject({ start: 6, end: 17, text: 'lib/x.jl:10' })
  })

  it('finds several links on one line', () => {
    expect(links('a.jl:1 b/c.jl:2:3')).toEqual([['a.jl', 1], ['b/c.jl', 2, 3]])
  })

  it('ignores times, REPL frames, URLs and words without a file extension', () => {
    expect(links('ERROR: 12:30 at 10:42')).toEqual([])
    expect(links('@ REPL[1]:1')).toEqual([])
    expect(links('Makefile:12')).toEqual([])
    expect(links('see http://example.com:8080/x')).toEqual([])
  })
})

describe('toWorkspacePath', () => {
  const root = '/home/u/proj'

  it('keeps relative paths relative to the workspace root', () => {
    expect(toWorkspacePath('src/Foo.jl', root)).toBe('src/Foo.jl')
    expect(toWorkspacePath('./src/../test/t.jl', root)).toBe('test/t.jl')
    expect(toWorkspacePath('src\\Foo.jl', root)).toBe('src/Foo.jl')
  })

  it('turns absolute and home paths inside the workspace into relative ones', () => {
    expect(toWorkspacePath('/home/u/proj/src/Foo.jl', root)).toBe('src/Foo.jl')
    expect(toWorkspacePath('~/proj/src/Foo.jl', root, '/home/u')).toBe('src/Foo.jl')
    expect(toWorkspacePath('c:\\w\\proj\\a.jl', 'C:\\w\\proj')).toBe('a.jl')
  })

  it('refuses paths outside the workspace', () => {
    expect(toWorkspacePath('/home/u/other/a.jl', root)).toBeNull()
    expect(toWorkspacePath('/home/u/project2/a.jl', root)).toBeNull()
    expect(toWorkspacePath('../secret.jl', root)).toBeNull()
    expect(toWorkspacePath('/home/u/proj', root)).toBeNull()
    expect(toWorkspacePath('~/proj/a.jl', root, null)).toBeNull()
  })
})
