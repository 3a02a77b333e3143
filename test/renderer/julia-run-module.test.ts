// Which module code run from the editor goes to: the module block around it (outlines from the
// real tree-sitter parse, as the editor gets them), and how a fallback to Main is told.
import { beforeAll, describe, expect, it } from 'vitest'
import type { OutlineSymbol } from '../../src-preload/contract'
import { analyzeJulia } from '../../src-main/services/syntax/julia-parser'
import { fallbackNote, fellBack, moduleAt, modulesDefinedIn, modulesOf, shortModule } from '../../src-renderer/editor/run-module'

const FILE = [
  'using Printf', // 1
  '', // 2
  'module Outer', // 3
  '', // 4
  'a = 1', // 5
  '', // 6
  'module Inner', // 7
  'f(x) = 2x', // 8
  'end # Inner', // 9
  '', // 10
  'function g()', // 11
  '    a + 1', // 12
  'end', // 13
  '', // 14
  'end # Outer', // 15
  '', // 16
  'b = 2', // 17
  '', // 18
  'baremodule Other', // 19
  'c = 3', // 20
  'end', // 21
].join('\n')

let outline: OutlineSymbol[]
beforeAll(async () => {
  outline = (await analyzeJulia(FILE)).outline
})

const at = (startLine: number, endLine = startLine) => moduleAt(outline, { startLine, endLine })

describe('the module around the code', () => {
  it('is Main outside any module block', () => {
    expect(at(1)).toBe('Main')
    expect(at(17)).toBe('Main')
    expect(moduleAt([], { startLine: 1, endLine: 1 })).toBe('Main')
  })

  it('is the module whose body holds the code, nested modules as a dotted path', () => {
    expect(at(5)).toBe('Main.Outer')
    expect(at(11, 13)).toBe('Main.Outer')
    expect(at(12)).toBe('Main.Outer')
    expect(at(8)).toBe('Main.Outer.Inner')
    expect(at(20)).toBe('Main.Other')
  })

  it('is the enclosing one on a module’s own first and end lines (running them runs the whole block)', () => {
    expect(at(3)).toBe('Main')
    expect(at(15)).toBe('Main')
    expect(at(3, 15)).toBe('Main')
    expect(at(7)).toBe('Main.Outer')
    expect(at(9)).toBe('Main.Outer')
    expect(at(7, 9)).toBe('Main.Outer')
  })

  it('is the enclosing one for code that reaches out of the module body', () => {
    expect(at(12, 17)).toBe('Main')
    expect(at(8, 12)).toBe('Main.Outer')
  })
})

describe('the file’s modules', () => {
  it('lists every module block as a full path, outer before inner', () => {
    expect(modulesOf(outline)).toEqual(['Main.Outer', 'Main.Outer.Inner', 'Main.Other'])
  })

  it('knows which modules running a range defines', () => {
    expect(modulesDefinedIn(outline, { startLine: 1, endLine: 21 })).toEqual(['Main.Outer', 'Main.Outer.Inner', 'Main.Other'])
    expect(modulesDefinedIn(outline, { startLine: 7, endLine: 9 })).toEqual(['Main.Outer.Inner'])
    expect(modulesDefinedIn(outline, { startLine: 5, endLine: 5 })).toEqual([])
    expect(modulesDefinedIn(outline, { startLine: 17, endLine: 21 })).toEqual(['Main.Other'])
  })
})

describe('telling a fallback', () => {
  it('names modules without Main. for the status bar', () => {
    expect(shortModule('Main')).toBe('Main')
    expect(shortModule('Main.Outer.Inner')).toBe('Outer.Inner')
  })

  it('is a fallback only when Julia used Main for another module', () => {
    expect(fellBack('Main.Demo', 'Main')).toBe(true)
    expect(fellBack('Main.Demo', 'Main.Demo')).toBe(false)
    expect(fellBack('Main.Demo', 'Demo')).toBe(false) // a loaded package comes back under its own name
    expect(fellBack('Main', 'Main')).toBe(false)
    expect(fellBack('Main.Demo', undefined)).toBe(false) // an older kiln.jl does not say
    expect(fallbackNote('Main.Demo')).toBe('evaluated in Main (Demo is not loaded)')
  })
})
