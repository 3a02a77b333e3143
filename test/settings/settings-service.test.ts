// SettingsService against real files in a temporary folder.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Events, SettingsSnapshot } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { settingsHandlers } from '../../src-main/services/settings/handlers'
import { SettingsService } from '../../src-main/services/settings/settings-service'

let dir: string
let userDir: string
let events: SettingsSnapshot[]
const services: SettingsService[] = []
const emit: Emit = (event, payload) => {
  if (event === 'settings:changed') events.push(payload as Events['settings:changed'])
}
const make = (): SettingsService => {
  const s = new SettingsService({ userDataDir: userDir, emit, log: memoryLogger(), pollMs: 20 })
  services.push(s)
  return s
}
const userFile = (): string => join(userDir, 'settings.json')
const writeUser = (text: string): void => {
  mkdirSync(userDir, { recursive: true })
  writeFileSync(userFile(), text)
}
const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-settings-'))
  userDir = join(dir, 'user')
  events = []
})
afterEach(() => {
  for (const s of services.splice(0)) s.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('reading settings', () => {
  it('uses the defaults when there is no settings file', () => {
    const s = make()
    const snap = s.snapshot()
    expect(snap.file).toBe(userFile())
    expect(snap.errors).toEqual([])
    expect(s.getNumber('editor.fontSize')).toBe(14)
    expect(s.getString('workbench.colorTheme')).toBe('system')
    expect(s.getBoolean('editor.minimap')).toBe(true)
    expect(snap.descriptors.find((d) => d.key === 'terminal.renderer')).toMatchObject({
      type: 'enum',
      default: 'auto',
      options: ['auto', 'webgl', 'dom'],
    })
    expect(snap.descriptors.find((d) => d.key === 'editor.tabSize')).toMatchObject({ min: 1, max: 16 })
  })

  it('applies valid values and names the key and file of each invalid one, using the default', () => {
    writeUser(
      JSON.stringify({
        'editor.fontSize': 18,
        'editor.tabSize': 40, // out of range
        'editor.wordWrap': 'sometimes', // not an option
        'editor.minimap': 'yes', // wrong type
        'terminal.shell': '/bin/zsh',
        'editor.fontFamily': 'Fira Code', // unknown
      }),
    )
    const s = make()
    expect(s.getNumber('editor.fontSize')).toBe(18)
    expect(s.getString('terminal.shell')).toBe('/bin/zsh')
    expect(s.getNumber('editor.tabSize')).toBe(4)
    expect(s.getString('editor.wordWrap')).toBe('off')
    expect(s.getBoolean('editor.minimap')).toBe(true)
    const errors = s.snapshot().errors
    expect(errors.map((e) => e.key).sort()).toEqual(['editor.fontFamily', 'editor.minimap', 'editor.tabSize', 'editor.wordWrap'])
    for (const e of errors) {
      expect(e.message).toContain(userFile())
      expect(e.message).toContain(e.key)
    }
    expect(errors.find((e) => e.key === 'editor.tabSize')!.message).toMatch(/whole number from 1 to 16 \(got 40\); using the default 4/)
    expect(errors.find((e) => e.key === 'editor.wordWrap')!.message).toMatch(/one of "off", "on"/)
    expect(errors.find((e) => e.key === 'editor.fontFamily')!.message).toMatch(/unknown setting/)
  })

  it('reports malformed JSON with its line and column and falls back to the defaults', () => {
    writeUser('{\n  "editor.fontSize": 18,\n  "editor.tabSize": 2,\n}\n')
    const s = make()
    expect(s.getNumber('editor.fontSize')).toBe(14)
    const [e] = s.snapshot().errors
    expect(e!.message).toContain(userFile())
    expect(e!.message).toMatch(/not valid JSON: .* at line 4, column 1/)
  })

  it('treats an empty file as no settings, and a non-object as an error', () => {
    writeUser('')
    expect(make().snapshot().errors).toEqual([])
    writeUser('[1, 2]')
    expect(make().snapshot().errors[0]!.message).toMatch(/must hold a JSON object/)
  })
})

describe('changing settings', () => {
  it('writes the value, keeps everything else in the file, and leaves no temp file behind', async () => {
    writeUser(JSON.stringify({ 'editor.fontFamily': 'Fira Code', 'editor.tabSize': 99, 'editor.wordWrap': 'on' }))
    const s = make()
    const r = await s.set('editor.fontSize', 20)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.values['editor.fontSize']).toBe(20)
    expect(JSON.parse(readFileSync(userFile(), 'utf8'))).toEqual({
      'editor.fontFamily': 'Fira Code', // unknown to this version: kept
      'editor.tabSize': 99, // invalid: kept for the user to fix, not silently dropped
      'editor.wordWrap': 'on',
      'editor.fontSize': 20,
    })
    expect(readdirSync(userDir)).toEqual(['settings.json'])
    expect(s.getNumber('editor.fontSize')).toBe(20)
    expect(events.at(-1)!.values['editor.fontSize']).toBe(20)
  })

  it('creates the folder and file on the first change, readable only by the user', async () => {
    const s = make()
    expect((await s.set('workbench.colorTheme', 'dark')).ok).toBe(true)
    expect(JSON.parse(readFileSync(userFile(), 'utf8'))).toEqual({ 'workbench.colorTheme': 'dark' })
    expect(statSync(userFile()).mode & 0o777).toBe(0o600)
  })

  it('keeps the permissions of an existing file', async () => {
    writeUser('{}')
    chmodSync(userFile(), 0o644)
    await make().set('editor.minimap', false)
    expect(statSync(userFile()).mode & 0o777).toBe(0o644)
  })

  it('resets a setting to its default with null', async () => {
    writeUser(JSON.stringify({ 'editor.fontSize': 22, 'editor.minimap': false }))
    const s = make()
    await s.set('editor.fontSize', null)
    expect(s.getNumber('editor.fontSize')).toBe(14)
    expect(JSON.parse(readFileSync(userFile(), 'utf8'))).toEqual({ 'editor.minimap': false })
  })

  it('refuses an invalid value or an unknown key, naming it, and leaves the file alone', async () => {
    writeUser('{"editor.fontSize": 16}')
    const s = make()
    const before = readFileSync(userFile(), 'utf8')
    expect(await s.set('editor.fontSize', 100)).toEqual({
      ok: false,
      code: 'INVALID_SETTING',
      message: 'editor.fontSize must be a number from 6 to 40 (got 100)',
    })
    expect(await s.set('editor.tabSize', 2.5)).toMatchObject({ ok: false, code: 'INVALID_SETTING' })
    expect(await s.set('terminal.renderer', 'canvas')).toMatchObject({ ok: false, message: expect.stringContaining('terminal.renderer') })
    expect(await s.set('no.such.key', 1)).toMatchObject({ ok: false, code: 'INVALID_SETTING', message: 'unknown setting "no.such.key"' })
    expect(readFileSync(userFile(), 'utf8')).toBe(before)
  })

  it('never rewrites a malformed file: it refuses and says how to fix it', async () => {
    const broken = '{ "editor.fontSize": 18, // my favourite size\n}'
    writeUser(broken)
    const s = make()
    const r = await s.set('editor.fontSize', 20)
    expect(r).toMatchObject({ ok: false, code: 'INVALID_SETTING' })
    if (!r.ok) expect(r.message).toMatch(/not valid JSON.*will not rewrite it; fix or delete the file/)
    expect(readFileSync(userFile(), 'utf8')).toBe(broken)
  })

  it('keeps both of two changes made at once', async () => {
    const s = make()
    await Promise.all([s.set('editor.fontSize', 12), s.set('terminal.fontSize', 11), s.set('editor.minimap', false)])
    expect(JSON.parse(readFileSync(userFile(), 'utf8'))).toEqual({
      'editor.fontSize': 12,
      'terminal.fontSize': 11,
      'editor.minimap': false,
    })
  })

  it('keeps an edit made outside Kiln since the file was last read', async () => {
    const s = make()
    writeUser(JSON.stringify({ 'editor.wordWrap': 'on' })) // before the watcher noticed
    await s.set('editor.fontSize', 15)
    expect(JSON.parse(readFileSync(userFile(), 'utf8'))).toEqual({ 'editor.wordWrap': 'on', 'editor.fontSize': 15 })
  })
})

describe('workspace settings', () => {
  const writeWorkspace = (root: string, text: string): void => {
    mkdirSync(join(root, '.kiln'), { recursive: true })
    writeFileSync(join(root, '.kiln', 'settings.json'), text)
  }

  it('override user settings while the folder is open, and stop when it closes', () => {
    writeUser(JSON.stringify({ 'editor.tabSize': 2, 'editor.fontSize': 16 }))
    const root = join(dir, 'project')
    writeWorkspace(root, JSON.stringify({ 'editor.tabSize': 8 }))
    const s = make()
    s.setWorkspaceRoot(root)
    expect(s.getNumber('editor.tabSize')).toBe(8)
    expect(s.getNumber('editor.fontSize')).toBe(16)
    expect(events.at(-1)!.values['editor.tabSize']).toBe(8)
    s.setWorkspaceRoot(null)
    expect(s.getNumber('editor.tabSize')).toBe(2)
    expect(events.at(-1)!.values['editor.tabSize']).toBe(2)
  })

  it('may not choose the programs Kiln runs, and its errors name the workspace file', () => {
    writeUser(JSON.stringify({ 'terminal.shell': '/bin/bash' }))
    const root = join(dir, 'cloned-repo')
    writeWorkspace(root, JSON.stringify({ 'terminal.shell': './evil.sh', 'julia.executablePath': './julia', 'editor.fontSize': 'big' }))
    const s = make()
    s.setWorkspaceRoot(root)
    expect(s.getString('terminal.shell')).toBe('/bin/bash')
    expect(s.getString('julia.executablePath')).toBe('')
    const errors = s.snapshot().errors
    expect(errors.map((e) => e.key).sort()).toEqual(['editor.fontSize', 'julia.executablePath', 'terminal.shell'])
    const wsFile = join(root, '.kiln', 'settings.json')
    for (const e of errors) expect(e.message).toContain(wsFile)
    expect(errors.find((e) => e.key === 'terminal.shell')!.message).toMatch(/only be set in your user settings/)
  })
})

describe('edits made outside Kiln', () => {
  it('are picked up from the user file and announced', async () => {
    const s = make()
    writeUser(JSON.stringify({ 'editor.fontSize': 30 }))
    await until(() => s.getNumber('editor.fontSize') === 30)
    expect(events.at(-1)!.values['editor.fontSize']).toBe(30)
    writeUser('{ oops')
    await until(() => s.snapshot().errors.length === 1)
    expect(s.getNumber('editor.fontSize')).toBe(14)
    expect(events.at(-1)!.errors[0]!.message).toMatch(/not valid JSON/)
  })

  it('are picked up from a workspace file created after the folder was opened', async () => {
    const root = join(dir, 'project')
    mkdirSync(root)
    const s = make()
    s.setWorkspaceRoot(root)
    mkdirSync(join(root, '.kiln'))
    writeFileSync(join(root, '.kiln', 'settings.json'), JSON.stringify({ 'editor.wordWrap': 'on' }))
    await until(() => s.getString('editor.wordWrap') === 'on')
  })

  it('are not announced twice for one change, nor after dispose', async () => {
    const s = make()
    await s.set('editor.fontSize', 19)
    await new Promise((r) => setTimeout(r, 150)) // the watcher sees our own write too
    expect(events.filter((e) => e.values['editor.fontSize'] === 19)).toHaveLength(1)
    s.dispose()
    const count = events.length
    writeUser(JSON.stringify({ 'editor.fontSize': 7 }))
    await new Promise((r) => setTimeout(r, 150))
    expect(events).toHaveLength(count)
  })
})

describe('settings handlers', () => {
  it('answer get and set with snapshots and typed errors', async () => {
    const s = make()
    const h = settingsHandlers(s)
    const got = await h['settings:get']({})
    expect(got.ok && got.value.values['editor.fontSize']).toBe(14)
    const set = await h['settings:set']({ key: 'editor.fontSize', value: 17 })
    expect(set.ok && set.value.values['editor.fontSize']).toBe(17)
    expect(await h['settings:set']({ key: 'editor.fontSize', value: 'huge' })).toMatchObject({ ok: false, code: 'INVALID_SETTING' })
    expect(existsSync(userFile())).toBe(true)
  })
})
