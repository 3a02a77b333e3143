// What an empty editor area shows: the few shortcuts that get you going.
import { KeyCaps } from '../panels/palette/KeyCaps'
import { KEYS } from '../workbench/keybindings'

const HINTS = [
  ['Show All Commands', KEYS.showCommands],
  ['Go to File', KEYS.quickOpen],
  ['Find in Files', KEYS.findInFiles],
  ['Toggle Panel', KEYS.togglePanel],
  ['Open Settings', KEYS.openSettings],
] as const

export function Watermark() {
  return (
    <div className="kiln-watermark" data-testid="editor-watermark">
      <dl>
        {HINTS.map(([label, key]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <KeyCaps binding={key} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
