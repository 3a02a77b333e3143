// Small pure decisions of the workbench chrome: which theme applies, how the status bar words things.

export type ThemeKind = 'light' | 'dark'

/** The setting wins when it names a theme; anything else ('system', unset, invalid) follows the OS. */
export function resolveTheme(setting: unknown, systemDark: boolean): ThemeKind {
  if (setting === 'light' || setting === 'dark') return setting
  return systemDark ? 'dark' : 'light'
}

export const oppositeTheme = (t: ThemeKind): ThemeKind => (t === 'dark' ? 'light' : 'dark')

export const formatIndent = (insertSpaces: boolean, size: number): string =>
  insertSpaces ? `Spaces: ${size}` : `Tab Size: ${size}`

export const formatEol = (eol: string): 'LF' | 'CRLF' => (eol === '\r\n' ? 'CRLF' : 'LF')

export const formatCursor = (line: number, column: number, selected = 0): string =>
  selected > 0 ? `Ln ${line}, Col ${column} (${selected} selected)` : `Ln ${line}, Col ${column}`

const LANGUAGE_NAMES: Record<string, string> = {
  julia: 'Julia',
  markdown: 'Markdown',
  json: 'JSON',
  toml: 'TOML',
  yaml: 'YAML',
  shell: 'Shell Script',
  python: 'Python',
  cpp: 'C++',
  c: 'C',
  ini: 'Ini',
  dockerfile: 'Dockerfile',
  plaintext: 'Plain Text',
}

export const languageName = (id: string): string => LANGUAGE_NAMES[id] ?? id

/** Editor options from the settings snapshot; tolerant of keys a settings version may not have. */
export interface EditorPrefs {
  fontSize: number
  tabSize: number
  insertSpaces: boolean
  wordWrap: 'on' | 'off'
  minimap: boolean
}

export const DEFAULT_EDITOR_PREFS: EditorPrefs = { fontSize: 14, tabSize: 4, insertSpaces: true, wordWrap: 'off', minimap: true }

export function editorPrefs(values: Record<string, string | number | boolean>): EditorPrefs {
  const num = (k: string, d: number, lo: number, hi: number): number => {
    const v = values[k]
    return typeof v === 'number' && Number.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : d
  }
  const wrap = values['editor.wordWrap']
  const minimap = values['editor.minimap'] ?? values['editor.minimap.enabled']
  const spaces = values['editor.insertSpaces']
  return {
    fontSize: num('editor.fontSize', DEFAULT_EDITOR_PREFS.fontSize, 6, 72),
    tabSize: num('editor.tabSize', DEFAULT_EDITOR_PREFS.tabSize, 1, 16),
    insertSpaces: typeof spaces === 'boolean' ? spaces : DEFAULT_EDITOR_PREFS.insertSpaces,
    wordWrap: wrap === true || wrap === 'on' || wrap === 'bounded' || wrap === 'wordWrapColumn' ? 'on' : 'off',
    minimap: typeof minimap === 'boolean' ? minimap : DEFAULT_EDITOR_PREFS.minimap,
  }
}
