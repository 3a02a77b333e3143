// Include/exclude globs of Find in Files.
import { describe, expect, it } from 'vitest'
import { compileGlobList, globToRegExp, splitGlobs } from '../../src-main/services/workspace/glob'

const matches = (glob: string, paths: string[]): boolean[] => paths.map((p) => globToRegExp(glob, false).test(p))

describe('globs', () => {
  it('a bare pattern matches at any depth', () => {
    expect(matches('*.jl', ['a.jl', 'src/deep/a.jl', 'a.jlx', 'a.md', 'src/a.jl.bak'])).toEqual([true, true, false, false, false])
    expect(matches('?.jl', ['a.jl', 'src/b.jl', 'ab.jl'])).toEqual([true, true, false])
  })

  it('a folder name matches the folder and everything in it, at any depth', () => {
    expect(matches('src', ['src', 'src/a.jl', 'pkg/src/a/b.jl', 'srcs/a.jl', 'mysrc/a.jl', 'src.jl'])).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ])
  })

  it('a pattern with a slash is anchored at the root', () => {
    expect(matches('src/**', ['src', 'src/a/b.jl', 'lib/src/x.jl'])).toEqual([true, true, false])
    expect(matches('docs/build', ['docs/build/index.html', 'a/docs/build/x'])).toEqual([true, false])
    expect(matches('/README.md', ['README.md', 'sub/README.md'])).toEqual([true, false])
    expect(matches('./README.md', ['README.md', 'sub/README.md'])).toEqual([true, false])
  })

  it('** spans folders, * and ? stay within one', () => {
    expect(matches('**/test/*.jl', ['test/a.jl', 'x/y/test/a.jl', 'test/sub/a.jl'])).toEqual([true, true, false])
    expect(matches('src/*.jl', ['src/a.jl', 'src/sub/a.jl'])).toEqual([true, false])
    expect(matches('src/**/*.jl', ['src/a.jl', 'src/x/y/a.jl', 'src/a.md'])).toEqual([true, true, false])
  })

  it('braces, classes, and characters that mean something in a RegExp', () => {
    expect(matches('*.{jl,toml}', ['Project.toml', 'a.jl', 'a.md'])).toEqual([true, true, false])
    expect(matches('{src,test}/**', ['src/a', 'test/b', 'docs/c'])).toEqual([true, true, false])
    expect(matches('[ab].jl', ['a.jl', 'c.jl'])).toEqual([true, false])
    expect(matches('[!ab].jl', ['a.jl', 'c.jl'])).toEqual([false, true])
    expect(matches('a+b(1).jl', ['a+b(1).jl', 'aab1.jl'])).toEqual([true, false])
  })

  it('a trailing slash means folders only', () => {
    expect(matches('build/', ['build/x', 'a/build/y', 'build'])).toEqual([true, true, false])
  })

  it('splits a comma-separated list, keeping commas inside braces', () => {
    expect(splitGlobs('src/**, *.{jl,toml},  ,docs')).toEqual(['src/**', '*.{jl,toml}', 'docs'])
    expect(compileGlobList('  ')).toBeNull()
    const any = compileGlobList('*.md, test')
    expect(['README.md', 'test/x.jl', 'src/x.jl'].map((p) => any?.(p))).toEqual([true, true, false])
  })
})
