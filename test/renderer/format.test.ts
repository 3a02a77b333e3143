import { describe, expect, it } from 'vitest'
import { editorPrefs, formatCursor, formatEol, formatIndent, resolveTheme } from '../../src-renderer/workbench/format'

describe('workbench wording and choices', () => {
  it('follows the system theme unless the setting names one', () => {
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme(undefined, false)).toBe('light')
    expect(resolveTheme('Solarized', true)).toBe('dark')
  })

  it('words the status bar like VS Code', () => {
    expect(formatCursor(12, 5)).toBe('Ln 12, Col 5')
    expect(formatCursor(1, 1, 30)).toBe('Ln 1, Col 1 (30 selected)')
    expect(formatIndent(true, 4)).toBe('Spaces: 4')
    expect(formatIndent(false, 8)).toBe('Tab Size: 8')
    expect(formatEol('\r\n')).toBe('CRLF')
    expect(formatEol('\n')).toBe('LF')
  })

  it('reads editor settings, clamping and defaulting what is off', () => {
    expect(editorPrefs({ 'editor.fontSize': 200, 'editor.tabSize': 2, 'editor.wordWrap': 'on', 'editor.minimap': false })).toEqual({
      fontSize: 72,
      tabSize: 2,
      insertSpaces: true,
      wordWrap: 'on',
      minimap: false,
    })
    expect(editorPrefs({ 'editor.fontSize': 'big' }).fontSize).toBe(14)
  })
})
