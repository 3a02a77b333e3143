// The quick actions, as a user meets them from the palette, and what happens with no model server.
// 1. Explain with no server: Chat opens with the question and the selection as a chip; the reply
//    fails in words with a "Start <model>" button; the button starts the tiny model (progress in
//    place); Regenerate then streams a reply into the same conversation.
// 2. With the model running: Fix sends the diagnostic under the cursor (its message and line) and
//    streams into the diff review; Write Tests reviews an insertion after the code; Optimize reviews
//    the selection; Make Trimmable says it needs a juliac verifier error, and with one (a marker of
//    juliac's owner) sends it. Nothing is applied: Reject leaves the file as it was.
// Screenshots: test-results/screenshots/quick-*.png.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { placeCursor } from './editor-cursor'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { modelText, openFromExplorer, openKiln, shot } from './page'

const SLOW = { timeout: 60_000, interval: 100 }
const FILE = 'src/Stats.jl'
// Line 7 has a syntax error (an unclosed parenthesis) for Fix to find.
const SOURCE = ['module Stats', '', 'function mean(xs)', '    return sum(xs) / length(xs)', 'end', '', 'bad(x) = (x + 1', '', 'end', ''].join('\n')

let browser: Browser
let models: string
let folder: string
let kiln: KilnServer | null = null
let page: Page
const sent: string[] = []

beforeAll(async () => {
  models = await mkdtemp(join(tmpdir(), 'kiln-e2e-quick-models-'))
  folder = await mkdtemp(join(tmpdir(), 'kiln-e2e-quick-'))
  await writeGguf(join(models, 'kiln-tiny.gguf'), tinyLlamaSpec())
  await mkdir(join(folder, 'src'))
  await writeFile(join(folder, FILE), SOURCE)
  browser = await launchChromium()
  kiln = await startKiln({
    folder,
    settings: {
      'inference.modelsPath': models,
      'inference.engine': 'embedded',
      'inference.threads': 2,
      'inference.contextSize': 2048,
      'chat.systemPrompt': 'You are a Julia expert.',
      'chat.maxReplyTokens': 32,
      'assist.completion': false,
    },
  })
  page = await openKiln(browser, kiln.url, (p) => p.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && sent.push(f.payload))))
  await openFromExplorer(page, FILE)
}, 60_000)
afterAll(async () => {
  await kiln?.stop()
  await browser?.close()
  await rm(models, { recursive: true, force: true })
  await rm(folder, { recursive: true, force: true })
})

async function command(title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P')
  await page.keyboard.type(title)
  await page.getByText(title, { exact: true }).first().waitFor()
  await page.keyboard.press('Enter')
}

async function select(startLine: number, endLine: number): Promise<void> {
  await page.evaluate(
    ([path, a, b]) => {
      const ed = window.__kilnMonaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === `/${path}`)!
      ed.focus()
      ed.setSelection({ startLineNumber: a, startColumn: 1, endLineNumber: b, endColumn: 4 })
    },
    [FILE, startLine, endLine] as const,
  )
}

/** The assist:edit requests sent since `from`, parsed. */
function editRequests(from: number): { action: string; code: string; diagnostic?: string; instruction: string }[] {
  return sent
    .slice(from)
    .filter((f) => f.includes('"assist:edit"'))
    .map((f) => (JSON.parse(f) as { args: { action: string; code: string; diagnostic?: string; instruction: string } }).args)
}

async function rejectReview(): Promise<void> {
  await expect.poll(() => page.getByTestId('edit-review-state').textContent(), SLOW).not.toMatch(/Proposing/)
  await page.getByTestId('edit-reject-all').click()
  await page.getByTestId('edit-review').waitFor({ state: 'detached' })
  expect(await modelText(page, FILE)).toBe(SOURCE)
}

describe('quick actions', () => {
  it('Explain with no server: Chat asks with the selection, offers to start the model, and answers after Regenerate', async () => {
    await select(3, 5)
    await command('Model: Explain')
    await page.getByTestId('chat-view').waitFor()
    const user = page.locator('[data-testid="chat-message"][data-role="user"]').last()
    await expect.poll(() => user.textContent(), SLOW).toContain(`Explain ${FILE}:3-5`)
    const reply = page.locator('[data-testid="chat-message"][data-role="assistant"]').last()
    await reply.getByTestId('chat-error').waitFor(SLOW)
    const start = reply.getByTestId('chat-start-server')
    await expect.poll(() => start.textContent(), SLOW).toBe('Start kiln-tiny-llama')
    await shot(page, 'quick-1-explain-no-server')

    await start.click()
    await expect.poll(() => page.getByTestId('chat-start-server').count(), SLOW).toBe(0)
    await expect.poll(() => page.locator('[data-testid="status-item"][data-id="inference"]').textContent(), SLOW).toContain('ready')
    await reply.getByRole('button', { name: 'Regenerate', exact: true }).click()
    const answered = page.locator('[data-testid="chat-message"][data-role="assistant"]').last()
    await expect.poll(() => answered.getAttribute('data-state'), SLOW).toMatch(/^(done|stopped|cut-off)$/)
    expect(((await answered.textContent()) ?? '').length).toBeGreaterThan(10)
    // One conversation holds both tries: no new conversation per click.
    expect(await page.locator('[data-testid="chat-message"][data-role="user"]').count()).toBe(1)
    await shot(page, 'quick-2-explain-answered')
  }, 120_000)

  it('Fix sends the diagnostic under the cursor; Write Tests, Optimize and Make Trimmable review without touching the file', async () => {
    await page.locator(`[data-testid="editor-tab"][data-path="${FILE}"]`).click()
    // Fix: the syntax error on line 7.
    await expect
      .poll(() => page.evaluate((p) => window.__kilnMonaco!.editor.getModelMarkers({}).filter((m) => m.resource.path === `/${p}`).map((m) => m.startLineNumber), FILE), SLOW)
      .toContain(7)
    await placeCursor(page, FILE, 7, 3)
    let from = sent.length
    await command('Model: Fix')
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => editRequests(from).length, SLOW).toBe(1)
    const fix = editRequests(from)[0]!
    expect(fix.action).toBe('fix')
    expect(fix.code).toBe('bad(x) = (x + 1\n')
    expect(fix.diagnostic).toMatch(/^line 7: /)
    await shot(page, 'quick-3-fix')
    await rejectReview()

    // Write Tests: the review inserts after the selection, replacing nothing.
    await select(3, 5)
    from = sent.length
    await command('Model: Write Tests')
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => page.locator('.kiln-review-title').textContent()).toBe(`tests for ${FILE}:3-5`)
    await expect.poll(() => editRequests(from).length, SLOW).toBe(1)
    expect(editRequests(from)[0]).toMatchObject({ action: 'tests', code: 'function mean(xs)\n    return sum(xs) / length(xs)\nend\n' })
    await rejectReview()

    // Optimize: the selection.
    await select(3, 5)
    from = sent.length
    await command('Model: Optimize for Performance')
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => editRequests(from).length, SLOW).toBe(1)
    expect(editRequests(from)[0]!.action).toBe('optimize')
    await rejectReview()

    // Make Trimmable needs a juliac verifier error: without one it says so and asks nothing.
    await placeCursor(page, FILE, 4, 5)
    from = sent.length
    await command('Model: Make Trimmable')
    await expect.poll(() => page.getByText(/No juliac verifier error here/).count(), SLOW).toBeGreaterThan(0)
    expect(editRequests(from)).toHaveLength(0)
    // With one (the marker a --trim build leaves), the error and its frame go with the request.
    await page.evaluate((p) => {
      const monaco = window.__kilnMonaco!
      const model = monaco.editor.getModels().find((m) => m.uri.path === `/${p}`)!
      monaco.editor.setModelMarkers(model, 'kiln-juliac', [
        {
          severity: 8,
          message: 'unresolved call from statement Base.sum(xs)',
          startLineNumber: 4,
          startColumn: 5,
          endLineNumber: 4,
          endColumn: 32,
          relatedInformation: [{ resource: model.uri, message: 'mean(::Vector{Any})', startLineNumber: 3, startColumn: 1, endLineNumber: 3, endColumn: 18 }],
        },
      ])
    }, FILE)
    await placeCursor(page, FILE, 4, 5)
    await command('Model: Make Trimmable')
    await page.getByTestId('edit-review').waitFor()
    await expect.poll(() => editRequests(from).length, SLOW).toBe(1)
    const trim = editRequests(from)[0]!
    expect(trim.action).toBe('trimmable')
    expect(trim.diagnostic).toBe('line 4: unresolved call from statement Base.sum(xs)\n  at Stats.jl:3 mean(::Vector{Any})')
    await shot(page, 'quick-4-trimmable')
    await rejectReview()
  }, 120_000)
})
