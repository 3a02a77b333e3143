// Two-key chords (VS Code Julia's Alt+J Alt+O) in the workbench's key dispatch.
import { describe, expect, it } from 'vitest'
import type { Command } from '../../src-renderer/commands'
import { CHORD_MS, CHORD_PENDING, commandForKeyEvent, JULIA_KEYS } from '../../src-renderer/workbench/keybindings'

type Ev = { key: string; code: string; ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean; metaKey?: boolean }
const ev = (e: Ev) => ({ ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...e })
const alt = (k: string) => ev({ key: k.toLowerCase(), code: `Key${k}`, altKey: true })
const cmd = (id: string, keybinding?: string, when?: () => boolean): Command => ({ id, title: id, keybinding, when, run: () => {} })
const ctx = { modalOpen: false }

describe('chords', () => {
  let runKeys = true
  const commands = [
    cmd('julia.startREPL', JULIA_KEYS.startRepl),
    cmd('julia.stopREPL', JULIA_KEYS.stopRepl),
    cmd('julia.executeCellAndMove', JULIA_KEYS.runCell, () => runKeys),
    cmd('other', 'Alt+O'),
  ]

  it('the first key waits (swallowed), the second runs the command', () => {
    expect(commandForKeyEvent(alt('J'), ctx, commands, 1000)).toBe(CHORD_PENDING)
    // Releasing/pressing Alt alone between the two keys does not cancel the chord.
    expect(commandForKeyEvent(ev({ key: 'Alt', code: 'AltLeft', altKey: true }), ctx, commands, 1100)).toBeUndefined()
    expect(commandForKeyEvent(alt('O'), ctx, commands, 1200)?.id).toBe('julia.startREPL')
    // The chord is over: Alt+O alone is its own command again.
    expect(commandForKeyEvent(alt('O'), ctx, commands, 1300)?.id).toBe('other')
  })

  it('an unbound second key is swallowed; a late one is a key of its own', () => {
    commandForKeyEvent(alt('J'), ctx, commands, 0)
    expect(commandForKeyEvent(alt('X'), ctx, commands, 10)).toBe(CHORD_PENDING)
    commandForKeyEvent(alt('J'), ctx, commands, 0)
    expect(commandForKeyEvent(alt('O'), ctx, commands, CHORD_MS + 1)?.id).toBe('other')
  })

  it('Shift+Enter is Julia’s only while it applies (else Enter stays Enter)', () => {
    const shiftEnter = ev({ key: 'Enter', code: 'Enter', shiftKey: true })
    runKeys = true
    expect(commandForKeyEvent(shiftEnter, ctx, commands)?.id).toBe('julia.executeCellAndMove')
    runKeys = false
    expect(commandForKeyEvent(shiftEnter, ctx, commands)).toBeUndefined()
  })
})
