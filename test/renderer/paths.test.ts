import { describe, expect, it } from 'vitest'
import { ancestors, basename, dirname, extname, invalidName, isWithin, joinPath, renamedPath } from '../../src-renderer/workbench/paths'

describe('workspace paths', () => {
  it('splits names and folders', () => {
    expect(basename('src/Kiln.jl')).toBe('Kiln.jl')
    expect(dirname('src/Kiln.jl')).toBe('src')
    expect(dirname('Project.toml')).toBe('')
    expect(joinPath('', 'a.jl')).toBe('a.jl')
    expect(joinPath('src', 'a.jl')).toBe('src/a.jl')
    expect(extname('src/A.JL')).toBe('.jl')
    expect(extname('.gitignore')).toBe('')
    expect(extname('Makefile')).toBe('')
  })

  it('knows what lies within a folder, without prefix confusion', () => {
    expect(isWithin('src/a.jl', 'src')).toBe(true)
    expect(isWithin('src', 'src')).toBe(true)
    expect(isWithin('srcx/a.jl', 'src')).toBe(false)
    expect(isWithin('anything', '')).toBe(true)
  })

  it('maps paths through a rename of a file or a folder', () => {
    expect(renamedPath('src/a.jl', 'src/a.jl', 'src/b.jl')).toBe('src/b.jl')
    expect(renamedPath('src/x/a.jl', 'src', 'lib')).toBe('lib/x/a.jl')
    expect(renamedPath('srcx/a.jl', 'src', 'lib')).toBeNull()
  })

  it('lists the folders to expand to reveal a file', () => {
    expect(ancestors('a/b/c.jl')).toEqual(['a', 'a/b'])
    expect(ancestors('c.jl')).toEqual([])
  })

  it('rejects names that would escape or are empty', () => {
    expect(invalidName('')).toMatch(/must be provided/)
    expect(invalidName('  ')).toMatch(/must be provided/)
    expect(invalidName('../x.jl')).toMatch(/not a valid name/)
    expect(invalidName('/etc/passwd')).toMatch(/slash/)
    expect(invalidName('a\\b')).toMatch(/backslash/)
    expect(invalidName('src/new.jl')).toBeNull()
    expect(invalidName('main.jl')).toBeNull()
  })
})
