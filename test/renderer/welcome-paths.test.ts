import { describe, expect, it } from 'vitest'
import { baseName, expandHome, joinPath, tildify } from '../../src-renderer/panels/welcome/folderPath'

describe('folder paths', () => {
  it('joins without doubling separators, on POSIX and Windows paths', () => {
    expect(joinPath('/', 'home')).toBe('/home')
    expect(joinPath('/home/ada', 'proj')).toBe('/home/ada/proj')
    expect(joinPath('C:\\Users\\ada', 'proj')).toBe('C:\\Users\\ada\\proj')
    expect(joinPath('C:\\', 'Users')).toBe('C:\\Users')
  })

  it('names a folder by its last segment', () => {
    expect(baseName('/home/ada/proj')).toBe('proj')
    expect(baseName('/home/ada/proj/')).toBe('proj')
    expect(baseName('C:\\work\\kiln')).toBe('kiln')
    expect(baseName('/')).toBe('/')
  })

  it('shortens and expands home', () => {
    expect(tildify('/home/ada/proj', '/home/ada')).toBe('~/proj')
    expect(tildify('/home/adam/proj', '/home/ada')).toBe('/home/adam/proj')
    expect(expandHome('~/proj', '/home/ada')).toBe('/home/ada/proj')
    expect(expandHome('/abs', '/home/ada')).toBe('/abs')
  })
})
