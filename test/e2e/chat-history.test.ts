// The Chat view's conversation list, as a user meets it with two conversations saved by an earlier
// session: the newest is shown; the title opens the list (size and age per row); the keyboard
// switches conversations; a row renames inline; delete asks first and then removes the file.
// @terminal takes what the active terminal shows. No model is needed. Screenshots: test-results/screenshots/chat-history-*.png.
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatConversation } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { ConversationStore } from '../../src-main/services/chat/conversation-store'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { openKiln, shot, terminalIds, waitForTerminalText } from './page'

let browser: Browser
let root: string
let kiln: KilnServer | null = null

const HOUR = 3_600_000
function conversation(id: string, title: string, question: string, updatedAt: number): ChatConversation {
  const m = (mid: string, role: 'user' | 'assistant', content: string) => ({ id: mid, role, content, context: [], createdAt: updatedAt, state: 'done' as const, error: null, timings: null, notice: null })
  return { id, title, createdAt: updatedAt, updatedAt, messages: [m(`${id}-u`, 'user', question), m(`${id}-a`, 'assistant', `An answer about ${title}.`)] }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-e2e-chat-history-'))
  browser = await launchChromium()
})
afterAll(async () => {
  await kiln?.stop()
  await browser?.close()
  await rm(root, { recursive: true, force: true })
})

describe('the conversation list', () => {
  it('switches, renames and deletes conversations from the keyboard and the mouse', async () => {
    const folder = join(root, 'ws')
    const userDataDir = join(root, 'user')
    await mkdir(folder)
    await mkdir(userDataDir)
    await writeFile(join(folder, 'main.jl'), 'f(x) = 2x\n')
    const store = new ConversationStore(userDataDir, memoryLogger())
    const ws = await realpath(folder)
    await store.save(ws, conversation('older', 'Broadcasting over arrays of structs', 'How do I broadcast a method over a vector of structs?', Date.now() - 3 * HOUR))
    await store.save(ws, conversation('newer', 'Why is my loop allocating', 'My loop allocates 2 GiB, why?', Date.now() - 5 * 60_000))

    kiln = await startKiln({ folder, userDataDir, settings: { 'workbench.colorTheme': 'light' } })
    const page = await openKiln(browser, kiln.url)
    // Ctrl+Alt+I shows Chat with the composer focused.
    await page.getByTestId('workbench').waitFor()
    await page.keyboard.press('Control+Alt+I')
    await page.getByTestId('chat-view').waitFor({ state: 'visible' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-input')
    const title = page.getByTestId('chat-conversations')
    await expect.poll(() => title.textContent()).toContain('Why is my loop allocating')
    await expect.poll(() => page.getByTestId('chat-message').first().textContent()).toContain('allocates 2 GiB')

    // The list: newest first, with size and age.
    await title.click()
    const items = page.getByTestId('chat-history-item')
    await expect.poll(() => items.count()).toBe(2)
    expect(await items.nth(0).textContent()).toMatch(/Why is my loop allocating2 messages · 5 min ago/)
    expect(await items.nth(1).textContent()).toMatch(/Broadcasting over arrays of structs2 messages · 3 h ago/)
    await shot(page, 'chat-history-1-list')

    // Keyboard: ↓ then Enter opens the older one and closes the list.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(() => title.textContent()).toContain('Broadcasting over arrays')
    await expect.poll(() => page.getByTestId('chat-message').first().textContent()).toContain('broadcast a method')
    expect(await page.getByTestId('chat-history').count()).toBe(0)

    // Rename a row inline.
    await title.click()
    await items.nth(1).hover()
    await items.nth(1).getByTestId('chat-history-rename').click()
    const input = page.getByTestId('chat-rename-input')
    await input.fill('Broadcasting structs')
    await input.press('Enter')
    await expect.poll(() => title.textContent()).toContain('Broadcasting structs')
    expect((await store.get(ws, 'older')).title).toBe('Broadcasting structs')

    // Delete asks first; Cancel keeps it, Delete removes its file.
    await items.nth(0).hover()
    await items.nth(0).getByTestId('chat-history-delete').click()
    await shot(page, 'chat-history-2-confirm')
    await page.getByTestId('chat-history').getByText('Cancel').click()
    expect(await items.count()).toBe(2)
    await items.nth(0).hover()
    await items.nth(0).getByTestId('chat-history-delete').click()
    await page.getByTestId('chat-history-delete-confirm').click()
    await expect.poll(() => items.count()).toBe(1)
    expect(await readdir(store.dirFor(ws))).toEqual(['older.json'])
    await shot(page, 'chat-history-3-deleted')
  })
})

describe('@terminal', () => {
  it('takes what the active terminal shows, escapes applied', async () => {
    const folder = join(root, 'ws-terminal')
    await mkdir(folder)
    const server = await startKiln({ folder })
    try {
      const page = await openKiln(browser, server.url)
      await page.getByTestId('workbench').waitFor()
      if (!(await page.getByTestId('bottom-panel').isVisible())) await page.keyboard.press('Control+`')
      await page.getByTestId('terminal-view').first().waitFor({ timeout: 20_000 })
      const [id] = await terminalIds(page)
      await page.getByTestId('terminal-view').first().click()
      // Coloured output: the model should get the words, not the escape sequences.
      await page.keyboard.type("printf '\\033[31mkiln-%s\\033[0m\\n' marker-$((40+2))")
      await page.keyboard.press('Enter')
      await waitForTerminalText(page, id!, 'kiln-marker-42')

      await page.getByTestId('activity-chat').click()
      const input = page.getByTestId('chat-input')
      await input.click()
      await input.type('What failed? @term')
      await page.locator('[data-testid="chat-mention-item"][data-id="terminal"]').click()
      const chip = page.locator('[data-testid="chat-composer"] [data-testid="chat-chip"][data-kind="terminal"]')
      await expect.poll(() => chip.textContent(), { timeout: 10_000 }).toMatch(/@terminal terminal \(\d+ lines?\)/)
      await chip.locator('.kiln-chat-chip-open').click()
      const popover = page.getByTestId('chat-chip-popover')
      await expect.poll(() => popover.textContent()).toContain('kiln-marker-42')
      expect(await popover.textContent()).not.toContain('\u001b')
      // In the composer the popover opens above the chips: the text box stays in sight.
      const box = await popover.boundingBox()
      const area = await input.boundingBox()
      expect(box && area && box.y + box.height <= area.y).toBe(true)
      await shot(page, 'chat-history-4-terminal')
      await page.keyboard.press('Escape')
      await expect.poll(() => popover.count()).toBe(0)
      await page.context().close()
    } finally {
      await server.stop()
    }
  })
})
