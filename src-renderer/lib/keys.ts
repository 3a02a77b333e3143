// Display form of keybindings as key caps. The registry writes 'Ctrl+Shift+P'; chords are
// separated by a space ('Ctrl+K Ctrl+O'). On macOS 'Ctrl' means Cmd, shown with Apple's symbols.

const MAC_NAMES: Record<string, string> = { Ctrl: '⌘', Alt: '⌥', Shift: '⇧', Meta: '⌃' }
const NAMES: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  ' ': 'Space',
}

/** Splits one chord 'Ctrl+Shift++' into ['Ctrl', 'Shift', '+']: a trailing '+' is the key itself. */
function chordParts(chord: string): string[] {
  const parts: string[] = []
  let rest = chord
  while (rest.length > 0) {
    const i = rest.indexOf('+', 1)
    if (i < 0) {
      parts.push(rest)
      break
    }
    parts.push(rest.slice(0, i))
    rest = rest.slice(i + 1)
  }
  return parts
}

/** Key caps per chord: 'Ctrl+K Ctrl+O' -> [['Ctrl','K'], ['Ctrl','O']]. */
export function keyCaps(binding: string, mac = false): string[][] {
  return binding
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((chord) => chordParts(chord).map((k) => (mac ? (MAC_NAMES[k] ?? NAMES[k] ?? k) : (NAMES[k] ?? k))))
}

export const isMacPlatform = (): boolean => typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)
