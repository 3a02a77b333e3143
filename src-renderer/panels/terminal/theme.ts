// Terminal colours come from CSS variables on <html> (the workbench theme sets them), with dark
// or light fallbacks chosen by `data-theme`, and follow theme changes as they happen.
import type { ITheme } from '@xterm/xterm'

export const TERMINAL_FONT =
  'ui-monospace, "JetBrains Mono", "Cascadia Mono", "Fira Code", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'
export const TERMINAL_FONT_SIZE = 13

const dark: ITheme = {
  background: '#1e1e1e',
  foreground: '#cccccc',
  cursor: '#aeafad',
  cursorAccent: '#1e1e1e',
  selectionBackground: '#264f78',
}

const light: ITheme = {
  background: '#ffffff',
  foreground: '#333333',
  cursor: '#000000',
  cursorAccent: '#ffffff',
  selectionBackground: '#add6ff',
}

const ANSI = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
] as const

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

export function readTheme(root: HTMLElement = document.documentElement): ITheme {
  const style = getComputedStyle(root)
  const v = (name: string): string | undefined => style.getPropertyValue(`--kiln-terminal-${name}`).trim() || undefined
  const base = root.dataset.theme === 'light' ? light : dark
  const theme: ITheme = {
    background: v('bg') ?? base.background,
    foreground: v('fg') ?? base.foreground,
    cursor: v('cursor') ?? base.cursor,
    cursorAccent: v('bg') ?? base.cursorAccent,
    selectionBackground: v('selection') ?? base.selectionBackground,
  }
  // Optional ANSI palette: --kiln-terminal-red, --kiln-terminal-bright-blue, ...
  for (const name of ANSI) {
    const value = v(kebab(name))
    if (value) theme[name] = value
  }
  return theme
}

/** Calls `onChange` whenever <html>'s theme attributes change (or the system scheme flips). */
export function watchTheme(onChange: () => void, root: HTMLElement = document.documentElement): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(root, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] })
  const media = window.matchMedia('(prefers-color-scheme: dark)')
  media.addEventListener('change', onChange)
  return () => {
    observer.disconnect()
    media.removeEventListener('change', onChange)
  }
}
