// Where an applied code block goes: the question's selection found again in the file as it is now,
// and a snippet placed over the definitions it redefines when the target is a whole file.
import { describe, expect, it } from 'vitest'
import type { ChatConversation } from '../../src-preload/contract'
import { hintFor, locate } from '../../src-renderer/panels/edit/apply-target'
import { definitionOf, placeSnippet } from '../../src-renderer/panels/edit/snippet-place'

const FILE = ['module Geo', '', '"""', '    area(r)', '', 'The area.', '"""', 'function area(r)', '    return 3.14 * r^2', 'end', '', 'perimeter(r) = 2 * 3.14 * r', '', 'struct Circle', '    r::Float64', 'end', '', 'end', ''].join('\n')

describe('the question a reply answers', () => {
  const msg = (id: string, role: 'user' | 'assistant', context: ChatConversation['messages'][number]['context'] = []) => ({ id, role, content: '', context, createdAt: 0, state: 'done' as const, error: null, timings: null, notice: null })
  const sel = { kind: 'selection' as const, label: 'src/Geo.jl:8-10', path: 'src/Geo.jl', range: { startLine: 8, endLine: 10 }, text: 'function area(r)\n    return 3.14 * r^2\nend' }
  const file = { kind: 'file' as const, label: 'src/Other.jl', path: 'src/Other.jl', range: null, text: 'x = 1' }
  const conv: ChatConversation = { id: 'c', title: 't', createdAt: 0, updatedAt: 0, messages: [msg('u1', 'user', [file]), msg('a1', 'assistant'), msg('u2', 'user', [file, sel]), msg('a2', 'assistant'), msg('u3', 'user'), msg('a3', 'assistant')] }

  it('is the selection of the user message before the reply, else its file, else nothing', () => {
    expect(hintFor(conv, 'a2')).toEqual({ path: 'src/Geo.jl', range: { startLine: 8, endLine: 10 }, text: sel.text })
    expect(hintFor(conv, 'a1')).toEqual({ path: 'src/Other.jl', range: null, text: 'x = 1' })
    expect(hintFor(conv, 'a3')).toBeNull()
    expect(hintFor(null, 'a1')).toBeNull()
  })

  it('finds the selection at its lines, moved, or says it is lost', () => {
    const hint = { path: 'src/Geo.jl', range: { startLine: 8, endLine: 10 }, text: 'function area(r)\n    return 3.14 * r^2\nend' }
    const at = locate(FILE, hint)
    expect(at).toMatchObject({ startLine: 8, endLine: 10, whole: false, moved: false, lost: false })
    expect(FILE.slice(at.start, at.end)).toBe('function area(r)\n    return 3.14 * r^2\nend\n')
    const moved = locate('# a new first line\n' + FILE, hint)
    expect(moved).toMatchObject({ startLine: 9, endLine: 11, moved: true })
    expect(locate(FILE.replace('3.14', 'pi'), hint)).toMatchObject({ whole: true, lost: true, start: 0, end: FILE.replace('3.14', 'pi').length })
    expect(locate(FILE, { ...hint, range: null })).toMatchObject({ whole: true, lost: false })
  })
})

describe('placing a snippet in a whole file', () => {
  const lines = (p: ReturnType<typeof placeSnippet>) => (p && !p.whole ? [p.startLine, p.endLine] : p)

  it('names the definitions Julia code makes', () => {
    expect(definitionOf('function area(r::Float64)')).toEqual({ name: 'area', indent: '', block: true })
    expect(definitionOf('    @inline function Base.show(io, x)')).toEqual({ name: 'Base.show', indent: '    ', block: true })
    expect(definitionOf('mutable struct Box{T}')).toEqual({ name: 'Box', indent: '', block: true })
    expect(definitionOf('f(x) = x^2')).toEqual({ name: 'f', indent: '', block: false })
    expect(definitionOf('g(x)::Int = 1')).toEqual({ name: 'g', indent: '', block: false })
    expect(definitionOf('x == y')).toBeNull()
    expect(definitionOf('y = f(x)')).toBeNull()
  })

  it('replaces the whole file with a whole-file block', () => {
    expect(placeSnippet(FILE, FILE.replace('3.14', 'π'))).toEqual({ whole: true })
    expect(placeSnippet('', 'x = 1')).toEqual({ whole: true })
  })

  it('replaces the definitions a snippet redefines, with their doc string when the snippet has one', () => {
    expect(lines(placeSnippet(FILE, 'function area(r::Float64)\n    return π * r^2\nend\n'))).toEqual([8, 10])
    expect(lines(placeSnippet(FILE, 'perimeter(r::Float64) = 2π * r'))).toEqual([12, 12])
    expect(lines(placeSnippet(FILE, 'struct Circle\n    r::Real\nend'))).toEqual([14, 16])
    // Two definitions: from the first to the last.
    expect(lines(placeSnippet(FILE, 'function area(r)\n    π * r^2\nend\n\nperimeter(r) = 2π * r'))).toEqual([8, 12])
    expect(lines(placeSnippet(FILE, '"""\n    area(r)\n\nArea of a circle.\n"""\nfunction area(r)\n    π * r^2\nend'))).toEqual([3, 10])
  })

  it('gives nothing for a snippet that redefines nothing in the file', () => {
    expect(placeSnippet(FILE, 'function volume(r)\n    4/3 * π * r^3\nend')).toBeNull()
    expect(placeSnippet(FILE, 'println("hi")')).toBeNull()
  })
})
