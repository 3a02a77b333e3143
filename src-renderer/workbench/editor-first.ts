// Start-up order: the editor first. Work the user does not need in the first second (the bottom
// panel's first shell and xterm) waits until a file's editor has been editable for a moment (so the
// first clicks and keystrokes in it do not queue behind xterm), or until a moment after Monaco has
// loaded when no file is being opened; VS Code likewise restores its terminals after the editors.
// Measured with test/bench's start-up protocol (2 cores, medians of 9 interleaved runs): a terminal
// started with the workbench cost the editable editor ~170 ms (1977 vs 1806 ms with the panel
// hidden); xterm in a lazy chunk started once the editor is editable, 1742 vs 1846 ms; holding it
// another 500 ms (the bench's click into the editor no longer waits behind it), 1775 vs 1987 ms.
import { loadMonaco } from '../editor/monaco-loader'

/** When no editor becomes editable, deferred work starts this long after Monaco has loaded. */
const FALLBACK_MS = 1000
/** How long the first editable editor has the page to itself. */
const EDITOR_FIRST_MS = 500

let settle: () => void = () => {}
const settled = new Promise<void>((resolve) => (settle = resolve))
let fallbackArmed = false

/** Resolves once the first editor is editable (or the fallback passed); at once after that. */
export function afterEditorStartup(): Promise<void> {
  if (!fallbackArmed) {
    fallbackArmed = true
    void loadMonaco()
      .catch(() => undefined)
      .then(() => setTimeout(settle, FALLBACK_MS))
  }
  return settled
}

/** Called by the editor when a file first became editable. */
export function editorStartupDone(): void {
  setTimeout(settle, EDITOR_FIRST_MS)
}
