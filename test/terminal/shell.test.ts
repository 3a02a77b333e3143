import { describe, expect, it } from 'vitest'
import { resolveShell, shellArgs, terminalEnv } from '../../src-main/services/terminal/shell'

const probe = (env: NodeJS.ProcessEnv, passwdShell: string | null, existing: string[] = []) => ({
  env,
  passwdShell,
  exists: (f: string) => existing.includes(f),
})

describe('resolveShell', () => {
  it('uses the terminal.shell setting when one is given', () => {
    expect(resolveShell('/usr/bin/fish', probe({ SHELL: '/bin/zsh' }, '/bin/bash'))).toBe('/usr/bin/fish')
  })

  it('falls back to $SHELL, then the passwd entry, then bash, then sh', () => {
    expect(resolveShell('', probe({ SHELL: '/bin/zsh' }, '/bin/bash'))).toBe('/bin/zsh')
    expect(resolveShell('  ', probe({}, '/usr/bin/ksh'))).toBe('/usr/bin/ksh')
    expect(resolveShell('', probe({}, null, ['/bin/bash', '/bin/sh']))).toBe('/bin/bash')
    expect(resolveShell('', probe({}, null, ['/bin/sh']))).toBe('/bin/sh')
  })

  it('skips a passwd shell that refuses logins', () => {
    expect(resolveShell('', probe({}, '/usr/sbin/nologin', ['/bin/bash']))).toBe('/bin/bash')
  })
})

describe('shellArgs', () => {
  it('starts bash and zsh as login shells and leaves sh alone', () => {
    expect(shellArgs('/bin/bash')).toEqual(['-l'])
    expect(shellArgs('/usr/bin/zsh')).toEqual(['-l'])
    expect(shellArgs('/bin/sh')).toEqual([])
  })
})

describe('terminalEnv', () => {
  it('sets the terminal variables, keeps the user environment and drops Kiln internals', () => {
    const env = terminalEnv({ PATH: '/bin', HOME: '/h', ELECTRON_RUN_AS_NODE: '1', npm_lifecycle_event: 'start' }, '/w')
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', PWD: '/w', TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'kiln', LANG: 'C.UTF-8' })
  })

  it('keeps a locale the user already has', () => {
    expect(terminalEnv({ LC_ALL: 'de_DE.UTF-8' }, '/w').LANG).toBeUndefined()
  })
})
