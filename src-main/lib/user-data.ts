// Where Kiln keeps its own files (settings.json, recent folders, hot-exit backups): one folder per
// user, shared by the desktop app, `kiln serve` and the CLI so that they all see the same settings.
//   $KILN_USER_DATA                      if set (tests, portable installs)
//   Linux and others: $XDG_CONFIG_HOME/kiln, else ~/.config/kiln
//   macOS: ~/Library/Application Support/Kiln;  Windows: %APPDATA%\Kiln
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  const set = (v: string | undefined): v is string => typeof v === 'string' && v !== ''
  if (set(env.KILN_USER_DATA)) return resolve(env.KILN_USER_DATA)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Kiln')
  if (platform === 'win32') return join(set(env.APPDATA) ? env.APPDATA : join(home, 'AppData', 'Roaming'), 'Kiln')
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (set(env.XDG_CONFIG_HOME) && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, 'kiln')
  return join(home, '.config', 'kiln')
}
