// A keybinding drawn as small key caps, e.g. [Ctrl] [Shift] [P].
import { isMacPlatform, keyCaps } from '../../lib/keys'
import './keycaps.css'

export function KeyCaps(props: { binding: string; className?: string }) {
  const chords = keyCaps(props.binding, isMacPlatform())
  return (
    <span className={`kiln-keys ${props.className ?? ''}`} aria-label={props.binding}>
      {chords.map((chord, ci) => (
        <span className="kiln-keys-chord" key={ci}>
          {chord.map((k, ki) => (
            <kbd className="kiln-key" key={ki}>
              {k}
            </kbd>
          ))}
        </span>
      ))}
    </span>
  )
}
