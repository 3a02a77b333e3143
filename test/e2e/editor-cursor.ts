// The focused Monaco editor as e2e tests see it (through the window.__kilnMonaco test hook): where
// its cursor is, putting the cursor somewhere, running one of its actions.
import type { Page } from 'playwright-core'

export type Ed = {
  hasTextFocus(): boolean
  getModel(): { uri: { path: string } } | null
  getPosition(): { lineNumber: number; column: number } | null
  setPosition(p: { lineNumber: number; column: number }): void
  focus(): void
  getAction(id: string): { run(): Promise<void> } | null
}
export type Marker = { owner: string; startLineNumber: number; startColumn: number; message: string; resource: { path: string } }
export type MonacoHook = { editor: { getEditors(): Ed[]; getModelMarkers(filter: { owner?: string }): Marker[] } }

/** The focused editor's file and cursor. */
export const cursor = (page: Page): Promise<{ path: string; line: number } | null> =>
  page.evaluate(() => {
    const monaco = (window as unknown as { __kilnMonaco?: MonacoHook }).__kilnMonaco
    const ed = monaco?.editor.getEditors().find((e) => e.hasTextFocus())
    const model = ed?.getModel()
    const pos = ed?.getPosition()
    return model && pos ? { path: model.uri.path.slice(1), line: pos.lineNumber } : null
  })

/** Puts the cursor of the editor showing `path` at a position and focuses it. */
export async function placeCursor(page: Page, path: string, lineNumber: number, column: number): Promise<void> {
  await page.evaluate(
    ([p, l, c]) => {
      const monaco = (window as unknown as { __kilnMonaco?: MonacoHook }).__kilnMonaco
      const ed = monaco?.editor.getEditors().find((e) => e.getModel()?.uri.path === `/${p}`)
      if (!ed) throw new Error(`no editor shows ${p}`)
      ed.setPosition({ lineNumber: l, column: c })
      ed.focus()
    },
    [path, lineNumber, column] as const,
  )
}
