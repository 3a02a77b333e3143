import { describe, expect, it } from 'vitest'
import type { Command } from '../../src-renderer/commands'
import { CMD, commandForKeyEvent, isReservedKey, KEYS } from '../../src-renderer/workbench/keybindings'

type Ev = { key: string; code: string; ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean; metaKey?: boolean }
const ev = (e: Ev) => ({ ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...e })

const cmd = (id: string, keybinding?: string, when?: () => boolean): Command => ({ id, title: id, keybinding, when, run: () => {} })
const commands = [
  cmd(CMD.showCommands, KEYS.showCommands),
  cmd(CMD.quickOpen, KEYS.quickOpen),
  cmd(CMD.togglePanel, KEYS.togglePanel),
  cmd(CMD.splitEditor, KEYS.splitEditor),
  cmd(CMD.saveAll, KEYS.saveAll),
  cmd(CMD.openSettings, KEYS.openSettings),
  cmd(CMD.save, KEYS.save, () => false),
]
const ctx = { modalOpen: false }

describe('keybinding dispatch', () => {
  it('matches real key events to the workbench commands', () => {
    expect(commandForKeyEvent(ev({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true }), ctx, commands)?.id).toBe(CMD.showCommands)
    expect(commandForKeyEvent(ev({ key: 'p', code: 'KeyP', ctrlKey: true }), ctx, commands)?.id).toBe(CMD.quickOpen)
    // Ctrl+` on a layout where the key produces another character still toggles the panel.
    expect(commandForKeyEvent(ev({ key: 'º', code: 'Backquote', ctrlKey: true }), ctx, commands)?.id).toBe(CMD.togglePanel)
    expect(commandForKeyEvent(ev({ key: '\\', code: 'Backslash', ctrlKey: true }), ctx, commands)?.id).toBe(CMD.splitEditor)
    expect(commandForKeyEvent(ev({ key: 's', code: 'KeyS', ctrlKey: true, altKey: true }), ctx, commands)?.id).toBe(CMD.saveAll)
    expect(commandForKeyEvent(ev({ key: ',', code: 'Comma', ctrlKey: true }), ctx, commands)?.id).toBe(CMD.openSettings)
  })

  it('F1 is a second key for the command palette', () => {
    expect(commandForKeyEvent(ev({ key: 'F1', code: 'F1' }), ctx, commands)?.id).toBe(CMD.showCommands)
  })

  it('lets keys through that no command claims, or whose command does not apply', () => {
    expect(commandForKeyEvent(ev({ key: 'a', code: 'KeyA' }), ctx, commands)).toBeUndefined()
    expect(commandForKeyEvent(ev({ key: 'z', code: 'KeyZ', ctrlKey: true }), ctx, commands)).toBeUndefined()
    expect(commandForKeyEvent(ev({ key: 's', code: 'KeyS', ctrlKey: true }), ctx, commands)).toBeUndefined()
    expect(commandForKeyEvent(ev({ key: 'Control', code: 'ControlLeft', ctrlKey: true }), ctx, commands)).toBeUndefined()
  })

  it('a modal dialog owns the keyboard', () => {
    expect(commandForKeyEvent(ev({ key: 'p', code: 'KeyP', ctrlKey: true }), { modalOpen: true }, commands)).toBeUndefined()
  })
})

describe('reserved browser keys', () => {
  it('Ctrl+S and Ctrl+P never reach the browser, other keys do', () => {
    expect(isReservedKey(ev({ key: 's', code: 'KeyS', ctrlKey: true }))).toBe(true)
    expect(isReservedKey(ev({ key: 'p', code: 'KeyP', ctrlKey: true }))).toBe(true)
    expect(isReservedKey(ev({ key: 'Enter', code: 'Enter', ctrlKey: true }))).toBe(false)
  })
})
