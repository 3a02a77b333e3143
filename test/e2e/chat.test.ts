// Chat with the local model, as a new user meets it: start the tiny model from the Models view,
// open Chat, send a message and watch the reply stream (its text grows over several looks), stop it
// (kept and marked "stopped"), send again and see it finish. Screenshots, dark then light:
// test-results/screenshots/chat-*.png.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { writeGguf } from '../../src-main/services/inference/gguf/write'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { launchChromium, startKiln } from './harness'
import { openKiln, shot } from './page'

const SLOW = { timeout: 60_000, interval: 50 }
let browser: Browser
let models: string
let workspace: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  models = await mkdtemp(join(tmpdir(), 'kiln-e2e-chat-models-'))
  workspace = await mkdtemp(join(tmpdir(), 'kiln-e2e-chat-ws-'))
  await writeGguf(join(models, 'kiln-tiny.gguf'), tinyLlamaSpec())
  await writeFile(join(workspace, 'main.jl'), 'f(x) = x^2\n')
  browser = await launchChromium()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
})
afterAll(async () => {
  await browser?.close()
  await rm(models, { recursive: true, force: true })
  await rm(workspace, { recursive: true, force: true })
})

async function readyChat(theme: 'dark' | 'light'): Promise<Page> {
  const kiln = await startKiln({
    folder: workspace,
    settings: {
      'inference.modelsPath': models,
      'inference.engine': 'embedded',
      'inference.threads': 2,
      // The tiny model's vocabulary is nearly one token per character: Kiln's Julia expert prompt
      // alone is ~600 tokens, so the test uses a short prompt and a context of 1024.
      'inference.contextSize': 1024,
      'chat.systemPrompt': 'You are a Julia expert.',
      'chat.maxReplyTokens': 200,
      'workbench.colorTheme': theme,
    },
  })
  cleanups.push(() => kiln.stop())
  const page = await openKiln(browser, kiln.url)
  cleanups.push(() => page.context().close())
  await page.getByTestId('activity-models').click()
  await page.locator('[data-testid="models-item"]').first().waitFor({ timeout: 20_000 })
  await page.getByTestId('models-start').click()
  await expect.poll(() => page.getByTestId('models-state').textContent(), SLOW).toBe('ready')
  await page.getByTestId('activity-chat').click()
  await page.getByTestId('chat-view').waitFor()
  return page
}

const lastReply = (page: Page) => page.locator('[data-testid="chat-message"][data-role="assistant"]').last()

describe('the Chat view', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`streams a reply, stops it, and finishes the next one (${theme})`, async () => {
      const page = await readyChat(theme)
      const input = page.getByTestId('chat-input')
      await input.fill('Write a Julia function that squares a number.')
      await expect.poll(() => page.getByTestId('chat-budget').textContent(), SLOW).toMatch(/^\d[\d\u2009]* \/ 1\u2009024 tokens$/)
      await input.press('Enter')
      // The message shows at once and the composer is cleared; main's events for the message
      // (same ids, given by the page) leave its element in place.
      const userMessage = await page.locator('[data-testid="chat-message"][data-role="user"]').first().elementHandle(SLOW)
      expect(await input.inputValue()).toBe('')

      // Streaming: the text grows between looks.
      const streaming = page.getByTestId('chat-streaming-text')
      await streaming.waitFor(SLOW)
      // The first message names the conversation.
      await expect.poll(() => page.getByTestId('chat-conversations').textContent(), SLOW).toContain('Write a Julia function that squares')
      const lengths: number[] = []
      await expect
        .poll(async () => {
          const n = Number(await streaming.getAttribute('data-length').catch(() => '0'))
          if (lengths.at(-1) !== n) lengths.push(n)
          return lengths.filter((l) => l > 0).length
        }, SLOW)
        .toBeGreaterThanOrEqual(2)
      await shot(page, `chat-1-streaming-${theme}`)

      // Stop (Escape in the composer): the partial reply stays, marked.
      await input.press('Escape')
      await expect.poll(() => lastReply(page).getAttribute('data-state'), SLOW).toBe('stopped')
      expect(await lastReply(page).getByTestId('chat-mark').textContent()).toBe('stopped')
      await shot(page, `chat-2-stopped-${theme}`)

      // Send again: the reply finishes.
      await input.fill('Thanks. Again, shorter.')
      await page.getByTestId('chat-send').click()
      await expect.poll(() => page.locator('[data-testid="chat-message"][data-role="user"]').count(), SLOW).toBe(2)
      await expect.poll(() => lastReply(page).getAttribute('data-state'), { timeout: 120_000, interval: 200 }).toMatch(/^(done|cut-off)$/)
      expect(await lastReply(page).getByTestId('chat-regenerate').count()).toBe(1)
      expect(await userMessage?.evaluate((el) => el.isConnected)).toBe(true)
      await shot(page, `chat-3-done-${theme}`)

      // A message too large for the context, sent before the composer's budget (300 ms after
      // typing stops) has counted it: main refuses it, and the text comes back to the composer.
      const long = 'Explain this. '.repeat(300)
      await page.evaluate((text) => {
        const area = document.querySelector<HTMLTextAreaElement>('[data-testid="chat-input"]')!
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, text)
        area.dispatchEvent(new Event('input', { bubbles: true }))
        area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
      }, long)
      await expect.poll(() => page.getByTestId('chat-call-error').textContent(), SLOW).toMatch(/^this message with its context is about \d+ tokens, and the model's context holds 1024/)
      expect(await input.inputValue()).toBe(long)
      expect(await page.locator('[data-testid="chat-message"][data-role="user"]').count()).toBe(2)
    })
  }
})
