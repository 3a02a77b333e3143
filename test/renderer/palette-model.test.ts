import { describe, expect, it } from 'vitest'
import type { Command } from '../../src-renderer/commands'
import { filterCommands } from '../../src-renderer/panels/palette/paletteModel'
import { keyCaps } from '../../src-renderer/lib/keys'

const cmd = (id: string, title: string, extra: Partial<Command> = {}): Command => ({ id, title, run: () => {}, ...extra })

const commands = [
  cmd('file.openFolder', 'File: Open Folder', { keybinding: 'Ctrl+K Ctrl+O' }),
  cmd('workbench.quickOpen', 'Go to File', { keybinding: 'Ctrl+P' }),
  cmd('file.save', 'File: Save', { keybinding: 'Ctrl+S', when: () => false }),
  cmd('view.terminal', 'View: Toggle Terminal', { keybinding: 'Ctrl+`' }),
  cmd('broken', 'Broken When', {
    when: () => {
      throw new Error('boom')
    },
  }),
]

describe('filterCommands', () => {
  it('hides commands whose `when` fails or throws', () => {
    const ids = filterCommands(commands, '', []).map((e) => e.id)
    expect(ids).not.toContain('file.save')
    expect(ids).not.toContain('broken')
    expect(ids).toHaveLength(3)
  })

  it('lists recently used commands first for an empty query, then alphabetically', () => {
    const list = filterCommands(commands, '', ['view.terminal'])
    expect(list.map((e) => e.title)).toEqual(['View: Toggle Terminal', 'File: Open Folder', 'Go to File'])
    expect(list[0].recent).toBe(true)
    expect(list[1].recent).toBe(false)
  })

  it('fuzzy filters titles with match positions and keeps keybindings', () => {
    const list = filterCommands(commands, 'tterm', [])
    expect(list.map((e) => e.id)).toEqual(['view.terminal'])
    expect(list[0].keybinding).toBe('Ctrl+`')
    expect(list[0].positions.map((p) => list[0].title[p]).join('')).toBe('TTerm')
  })

  it('does not list titles that only match scattered letters', () => {
    expect(filterCommands([...commands, cmd('theme', 'Toggle Light/Dark Theme')], 'term', []).map((e) => e.id)).toEqual(['view.terminal'])
  })

  it('ranks the best match first', () => {
    expect(filterCommands(commands, 'of', [])[0].id).toBe('file.openFolder')
    expect(filterCommands(commands, 'gtf', [])[0].id).toBe('workbench.quickOpen')
  })
})

describe('keyCaps', () => {
  it('splits a binding into caps, chords and a literal plus', () => {
    expect(keyCaps('Ctrl+Shift+P')).toEqual([['Ctrl', 'Shift', 'P']])
    expect(keyCaps('Ctrl+K Ctrl+O')).toEqual([['Ctrl', 'K'], ['Ctrl', 'O']])
    expect(keyCaps('Ctrl++')).toEqual([['Ctrl', '+']])
    expect(keyCaps('Ctrl+,')).toEqual([['Ctrl', ',']])
  })

  it('uses the Mac symbols on macOS', () => {
    expect(keyCaps('Ctrl+Shift+P', true)).toEqual([['⌘', '⇧', 'P']])
  })
})
