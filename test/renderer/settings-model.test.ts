import { describe, expect, it } from 'vitest'
import type { SettingDescriptor, SettingsSnapshot } from '../../src-preload/contract'
import {
  coerceInput,
  groupSettings,
  orphanErrors,
  settingLabel,
} from '../../src-renderer/panels/settings/settingsModel'

const descriptors: SettingDescriptor[] = [
  { key: 'terminal.shell', type: 'string', default: '', description: 'Shell to start in terminals' },
  { key: 'editor.fontSize', type: 'number', default: 14, description: 'Font size in pixels' },
  { key: 'workbench.colorTheme', type: 'enum', default: 'system', description: 'Colour theme', options: ['system', 'dark', 'light'] },
  { key: 'editor.wordWrap', type: 'boolean', default: false, description: 'Wrap long lines' },
  { key: 'julia.executablePath', type: 'string', default: 'julia', description: 'Path to the julia binary' },
  { key: 'custom.thing', type: 'string', default: '', description: 'Something new' },
]
const snapshot = (values: SettingsSnapshot['values'] = {}, errors: SettingsSnapshot['errors'] = []): SettingsSnapshot => ({
  values: { 'terminal.shell': '', 'editor.fontSize': 14, 'workbench.colorTheme': 'system', 'editor.wordWrap': false, 'julia.executablePath': 'julia', 'custom.thing': '', ...values },
  errors,
  descriptors,
  file: '/home/u/.config/kiln/settings.json',
})

describe('groupSettings', () => {
  it('groups by prefix in the workbench order, unknown prefixes last', () => {
    const groups = groupSettings(snapshot())
    expect(groups.map((g) => g.title)).toEqual(['Workbench', 'Editor', 'Terminal', 'Julia', 'Custom'])
    expect(groups[1].settings.map((s) => s.descriptor.key)).toEqual(['editor.fontSize', 'editor.wordWrap'])
  })

  it('marks modified settings and attaches their errors', () => {
    const groups = groupSettings(snapshot({ 'editor.fontSize': 16 }, [{ key: 'editor.wordWrap', message: 'expected a boolean' }]))
    const editor = groups.find((g) => g.id === 'editor')!
    expect(editor.settings[0]).toMatchObject({ modified: true, value: 16, title: 'Font Size', category: 'Editor' })
    expect(editor.settings[1]).toMatchObject({ modified: false, errors: ['expected a boolean'] })
  })

  it('filters by every word across key, title and description; @modified keeps changed ones', () => {
    expect(groupSettings(snapshot(), 'font size').flatMap((g) => g.settings.map((s) => s.descriptor.key))).toEqual(['editor.fontSize'])
    expect(groupSettings(snapshot(), 'julia binary').flatMap((g) => g.settings.map((s) => s.descriptor.key))).toEqual(['julia.executablePath'])
    expect(groupSettings(snapshot(), 'dark').flatMap((g) => g.settings.map((s) => s.descriptor.key))).toEqual(['workbench.colorTheme'])
    expect(groupSettings(snapshot({ 'terminal.shell': '/bin/zsh' }), '@modified').map((g) => g.id)).toEqual(['terminal'])
    expect(groupSettings(snapshot(), 'nothing matches this')).toEqual([])
  })

  it('reports errors for keys no descriptor knows', () => {
    expect(orphanErrors(snapshot({}, [{ key: 'editor.fontSise', message: 'unknown setting' }, { key: 'editor.fontSize', message: 'x' }]))).toEqual([
      { key: 'editor.fontSise', message: 'unknown setting' },
    ])
  })
})

describe('settingLabel', () => {
  it('humanises keys', () => {
    expect(settingLabel('editor.fontSize')).toEqual({ category: 'Editor', title: 'Font Size' })
    expect(settingLabel('terminal.integrated.scrollback')).toEqual({ category: 'Terminal › Integrated', title: 'Scrollback' })
    expect(settingLabel('juliac.trimMode')).toEqual({ category: 'Juliac', title: 'Trim Mode' })
  })
})

describe('coerceInput', () => {
  const d = (key: string) => descriptors.find((x) => x.key === key)!

  it('parses numbers and refuses what is not one', () => {
    expect(coerceInput(d('editor.fontSize'), ' 16 ')).toEqual({ ok: true, value: 16 })
    expect(coerceInput(d('editor.fontSize'), '1.5')).toEqual({ ok: true, value: 1.5 })
    expect(coerceInput(d('editor.fontSize'), 'big')).toEqual({ ok: false, message: 'editor.fontSize must be a number, not "big"' })
    expect(coerceInput(d('editor.fontSize'), '')).toMatchObject({ ok: false })
    expect(coerceInput(d('editor.fontSize'), 'Infinity')).toMatchObject({ ok: false })
  })

  it('keeps enums to their options, booleans to booleans, strings as typed', () => {
    expect(coerceInput(d('workbench.colorTheme'), 'dark')).toEqual({ ok: true, value: 'dark' })
    expect(coerceInput(d('workbench.colorTheme'), 'pink')).toMatchObject({ ok: false })
    expect(coerceInput(d('editor.wordWrap'), true)).toEqual({ ok: true, value: true })
    expect(coerceInput(d('editor.wordWrap'), 'yes')).toMatchObject({ ok: false })
    expect(coerceInput(d('terminal.shell'), ' /bin/bash')).toEqual({ ok: true, value: ' /bin/bash' })
  })
})
