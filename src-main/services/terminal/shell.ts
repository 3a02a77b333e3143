// Which shell a terminal runs, with which arguments and environment. Pure functions: the service
// passes in what it read from the machine so these stay testable.
import { basename } from 'node:path'

export interface ShellProbe {
  env: NodeJS.ProcessEnv
  /** The passwd entry's shell (os.userInfo().shell), null where unknown. */
  passwdShell: string | null
  exists: (file: string) => boolean
}

/** The 'terminal.shell' setting, or ('' ) the user's login shell: $SHELL, passwd, bash, sh. */
export function resolveShell(setting: string, probe: ShellProbe): string {
  const configured = setting.trim()
  if (configured) return configured
  const fromEnv = probe.env.SHELL?.trim()
  if (fromEnv) return fromEnv
  const fromPasswd = probe.passwdShell?.trim()
  if (fromPasswd && !fromPasswd.endsWith('/nologin') && !fromPasswd.endsWith('/false')) return fromPasswd
  return probe.exists('/bin/bash') ? '/bin/bash' : '/bin/sh'
}

// Shells that take `-l` to start as a login shell (reading the user's profile, as a terminal
// emulator's first shell does). A plain `sh` is left alone: its profile handling varies.
const LOGIN_SHELLS = new Set(['bash', 'zsh', 'fish', 'ksh', 'mksh', 'tcsh', 'csh'])

export function shellArgs(shell: string): string[] {
  return LOGIN_SHELLS.has(basename(shell)) ? ['-l'] : []
}

// Variables a child shell must not inherit from Kiln's own process.
const DROPPED = /^(ELECTRON_|VSCODE_|npm_|INIT_CWD$)/

export function terminalEnv(base: NodeJS.ProcessEnv, cwd: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !DROPPED.test(k)) env[k] = v
  env.TERM = 'xterm-256color'
  env.COLORTERM = 'truecolor'
  env.TERM_PROGRAM = 'kiln'
  env.PWD = cwd
  // Without a locale the shell falls back to ASCII and mangles UTF-8 input; pick a UTF-8 one.
  if (!env.LANG && !env.LC_ALL && !env.LC_CTYPE) env.LANG = 'C.UTF-8'
  return env
}

export const shellTitle = (shell: string): string => basename(shell) || shell
