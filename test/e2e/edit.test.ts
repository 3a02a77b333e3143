// Editing with the model, as a user meets it: a code block applied to a file shows a diff with two
// hunks; accepting one changes exactly that region, in one undoable step (Ctrl+Z restores the file).
// Inline edit: Ctrl+I on a selection with the tiny model running streams a proposal into the diff;
// Reject leaves the file byte-identical. A code block in a saved chat reply is applied from its
// Apply button the same way. Screenshots: test-results/screenshots/edit-*.png.
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src-main/lib/log'
import { ConversationStore } from '../../src-main/services/chat/conversation-store'
import { writeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { launchChromium, startKiln } from './harness'
import { modelText, openFromExplorer, openKiln, shot } from './page'

const SLOW = { timeout: 60_000, interval: 100 }
const FILE = 'src/Geometry.jl'
const ORIGINAL = [
  'module Geometry',
  '',
  'function area(r)',
  '    return 3.14 * r^2',
  'end',
  '',
  'function perimeter(r)',
  '    return 2 * 3.14 * r',
  'end',
  '',
  'end',
  '',
].join('\n')
// A fixed model answer: two changed regions.
const PROPOSAL = ORIGINAL.replace('function area(r)\n    return 3.14 * r^2', 'function area(r::Float64)\n    return π * r^2').replace(
  'function perimeter(r)\n    return 2 * 3.14 * r',
  'function perimeter(r::Float64)\n    return 2π * r',
)
const SECOND_ONLY = ORIGINAL.replace('function perimeter(r)\n    return 2 * 3.14 * r', 'function perimeter(r::Float64)\n    return 2π * r')
const FIRST_ONLY = ORIGINAL.replace('function area(r)\n    return 3.14 * r^2', 'function area(r::Float64)\n    return π * r^2')

let browser: Browser
let root: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-e2e-edit-'))
  browser = await launchChromium()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
})
afterAll(async () => {
  await browser?.close()
  await rm(root, { recursive: true, force: true })
})

async function session(
  settings: Record<string, string | number | boolean> = {},
  before?: (folder: string, userDataDir: string) => Promise<void>,
): Promise<{ page: Page; folder: string }> {
  const folder = await mkdtemp(join(root, 'ws-'))
  await mkdir(join(folder, 'src'))
  await writeFile(join(folder, FILE), ORIGINAL)
  const userDataDir = await mkdtemp(join(root, 'user-'))
  await before?.(folder, userDataDir)
  const kiln = await startKiln({ folder, settings, userDataDir })
  cleanups.push(() => kiln.stop())
  const page = await openKiln(browser, kiln.url)
  cleanups.push(() => page.context().close())
  await openFromExplorer(page, FILE)
  return { page, folder }
}

const hunks = (page: Page) => page.getByTestId('edit-hunk')

describe('editing with the model', () => {
  it('applies a code block: two hunks, one accepted, one undo step restores the file', async () => {
    const { page, folder } = await session()
    const opened = await page.evaluate((code) => window.__kilnApplyCodeBlock?.(code, 'julia') ?? null, PROPOSAL)
    expect(opened).toBe(true)
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => hunks(page).count()).toBe(2)
    // Nothing changed yet: the proposal is only shown.
    expect(await modelText(page, FILE)).toBe(ORIGINAL)
    await page.waitForTimeout(300) // the diff editor lays out
    await shot(page, 'edit-1-review')

    await hunks(page).nth(0).getByTestId('edit-hunk-accept').click()
    await hunks(page).nth(1).getByTestId('edit-hunk-reject').click()
    expect(await hunks(page).nth(0).getAttribute('data-decision')).toBe('accepted')
    await shot(page, 'edit-2-decided')
    await page.getByTestId('edit-apply').click()
    await page.getByTestId('edit-review').waitFor({ state: 'detached' })
    expect(await modelText(page, FILE)).toBe(FIRST_ONLY)
    expect(await readFile(join(folder, FILE), 'utf8')).toBe(ORIGINAL) // accepted into the buffer, not saved
    await shot(page, 'edit-3-accepted')

    await page.evaluate(() => window.__kilnMonaco!.editor.getEditors().find((e) => e.getModel()?.uri.path.endsWith('/src/Geometry.jl'))!.focus())
    await page.keyboard.press('Control+Z')
    await expect.poll(() => modelText(page, FILE)).toBe(ORIGINAL)
  })

  it('applies a code block from a chat reply with its Apply button, and accepts one hunk of two', async () => {
    // A conversation from an earlier session, saved where Kiln keeps them, whose reply holds the
    // proposal as a Julia code block: no model is needed to apply it.
    const { page } = await session({}, async (folder, userDataDir) => {
      const store = new ConversationStore(userDataDir, memoryLogger())
      const at = Date.now()
      const msg = (id: string, role: 'user' | 'assistant', content: string) => ({ id, role, content, context: [], createdAt: at, state: 'done' as const, error: null, timings: null, notice: null })
      await store.save(await realpath(folder), {
        id: 'geometry',
        title: 'Type the radius',
        createdAt: at,
        updatedAt: at,
        messages: [msg('u1', 'user', 'Annotate r as Float64 and use π.'), msg('a1', 'assistant', 'Here is the module:\n\n```julia\n' + PROPOSAL + '```\n\nBoth functions now take a `Float64`.')],
      })
    })
    await page.getByTestId('activity-chat').click()
    const apply = page.getByTestId('chat-code-apply')
    await apply.waitFor({ timeout: 20_000 })
    await shot(page, 'edit-6-chat-block')
    await apply.click()
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => hunks(page).count()).toBe(2)
    expect(await modelText(page, FILE)).toBe(ORIGINAL)
    await hunks(page).nth(1).getByTestId('edit-hunk-accept').click()
    await hunks(page).nth(0).getByTestId('edit-hunk-reject').click()
    await page.waitForTimeout(300) // the diff editor lays out
    await shot(page, 'edit-7-chat-review')
    await page.getByTestId('edit-apply').click()
    await page.getByTestId('edit-review').waitFor({ state: 'detached' })
    expect(await modelText(page, FILE)).toBe(SECOND_ONLY)
  })

  it("applies a snippet to the selection the question was about, and places a bare snippet over the definition it redefines", async () => {
    const AREA = 'function area(r::Float64)\n    return π * r^2\nend'
    const { page } = await session({}, async (folder, userDataDir) => {
      const store = new ConversationStore(userDataDir, memoryLogger())
      const at = Date.now()
      const selection = { kind: 'selection' as const, label: `${FILE}:3-5`, path: FILE, range: { startLine: 3, endLine: 5 }, text: 'function area(r)\n    return 3.14 * r^2\nend' }
      const msg = (id: string, role: 'user' | 'assistant', content: string, context: (typeof selection)[] = []) => ({ id, role, content, context, createdAt: at, state: 'done' as const, error: null, timings: null, notice: null })
      await store.save(await realpath(folder), {
        id: 'area',
        title: 'Type area',
        createdAt: at,
        updatedAt: at,
        messages: [msg('u1', 'user', 'Type r.', [selection]), msg('a1', 'assistant', '```julia\n' + AREA + '\n```')],
      })
    })
    // The cursor is elsewhere and nothing is selected: the chip says where the block goes.
    await page.getByTestId('activity-chat').click()
    await page.getByTestId('chat-code-apply').click()
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => page.locator('.kiln-review-title').textContent()).toBe(`${FILE}:3-5`)
    await expect.poll(() => hunks(page).count()).toBe(1)
    await page.getByTestId('edit-accept-all').click()
    await page.getByTestId('edit-review').waitFor({ state: 'detached' })
    expect(await modelText(page, FILE)).toBe(FIRST_ONLY)

    // A snippet with no question behind it, applied to the whole file: only perimeter is compared.
    const opened = await page.evaluate((code) => window.__kilnApplyCodeBlock?.(code, 'julia') ?? null, 'function perimeter(r::Float64)\n    return 2π * r\nend\n')
    expect(opened).toBe(true)
    await expect.poll(() => page.locator('.kiln-review-title').textContent()).toBe(`${FILE}:7-9`)
    await expect.poll(() => hunks(page).count()).toBe(1)
    await shot(page, 'edit-8-snippet')
    await page.getByTestId('edit-accept-all').click()
    await page.getByTestId('edit-review').waitFor({ state: 'detached' })
    expect(await modelText(page, FILE)).toBe(PROPOSAL)
    // A snippet that redefines nothing here is refused in words, not applied over the file.
    expect(await page.evaluate((code) => window.__kilnApplyCodeBlock?.(code, 'julia') ?? null, 'volume(r) = 4/3 * π * r^3\n')).toBe(false)
    await expect.poll(() => page.getByText(/Could not tell which part of src\/Geometry.jl this code replaces/).count()).toBeGreaterThan(0)
  })

  it('inline edit: Ctrl+I on a selection streams a proposal into a diff, and Reject leaves the file as it was', async () => {
    const folder = await mkdtemp(join(root, 'models-'))
    await writeGguf(join(folder, 'kiln-tiny.gguf'), tinyLlamaSpec())
    const { page } = await session({
      'inference.modelsPath': folder,
      'inference.engine': 'embedded',
      'inference.threads': 2,
      'inference.contextSize': 2048,
      'chat.maxReplyTokens': 48,
    })
    // Start the model from the Models view, as a user would.
    await page.keyboard.press('Control+Alt+M')
    await page.getByTestId('models-view').waitFor()
    await page.locator('[data-testid="models-item"]').first().waitFor({ timeout: 20_000 })
    await page.getByTestId('models-start').click()
    await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('ready')

    // Select lines 3-5 (area) and press Ctrl+I.
    await page.locator(`[data-testid="editor-tab"][data-path="${FILE}"]`).click()
    await page.evaluate(() => {
      const ed = window.__kilnMonaco!.editor.getEditors().find((e) => e.getModel()?.uri.path.endsWith('/src/Geometry.jl'))!
      ed.focus()
      ed.setSelection({ startLineNumber: 3, startColumn: 1, endLineNumber: 5, endColumn: 4 })
    })
    await page.keyboard.press('Control+I')
    await page.getByTestId('edit-instruction').waitFor()
    await page.getByTestId('edit-instruction').fill('make r a Float64')
    await shot(page, 'edit-4-instruction')
    await page.keyboard.press('Enter')
    await page.getByTestId('edit-diff').waitFor()
    await expect.poll(() => page.getByTestId('edit-review-state').textContent(), SLOW).not.toMatch(/Proposing/)
    // The tiny model rarely ends on its own: a reply cut at the token limit is kept and said so.
    for (const e of await page.getByTestId('edit-review-error').allTextContents()) expect(e).toMatch(/48-token limit/)
    expect(await hunks(page).count()).toBeGreaterThan(0) // the tiny model's gibberish differs from the code
    await page.waitForTimeout(300)
    await shot(page, 'edit-5-proposal')

    await page.getByTestId('edit-reject-all').click()
    await page.getByTestId('edit-review').waitFor({ state: 'detached' })
    expect(await modelText(page, FILE)).toBe(ORIGINAL)
  })
})
