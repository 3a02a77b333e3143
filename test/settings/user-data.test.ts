// Where Kiln's settings live, per platform and environment.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { userDataDir } from '../../src-main/lib/user-data'

describe('userDataDir', () => {
  it('prefers $KILN_USER_DATA, then $XDG_CONFIG_HOME/kiln, then ~/.config/kiln', () => {
    expect(userDataDir({ KILN_USER_DATA: '/data/kiln', XDG_CONFIG_HOME: '/xdg' }, '/home/u', 'linux')).toBe('/data/kiln')
    expect(userDataDir({ XDG_CONFIG_HOME: '/xdg' }, '/home/u', 'linux')).toBe('/xdg/kiln')
    expect(userDataDir({}, '/home/u', 'linux')).toBe('/home/u/.config/kiln')
  })

  it('ignores empty and relative values, as the XDG spec asks', () => {
    expect(userDataDir({ KILN_USER_DATA: '', XDG_CONFIG_HOME: 'relative/dir' }, '/home/u', 'linux')).toBe('/home/u/.config/kiln')
  })

  it('uses the platform folders on macOS and Windows', () => {
    expect(userDataDir({}, '/Users/u', 'darwin')).toBe(join('/Users/u', 'Library', 'Application Support', 'Kiln'))
    expect(userDataDir({ APPDATA: '/c/Users/u/AppData/Roaming' }, '/c/Users/u', 'win32')).toBe(join('/c/Users/u/AppData/Roaming', 'Kiln'))
  })
})
