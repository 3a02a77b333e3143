// First run with no folder: the welcome view, the browser host's folder picker, recent folders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { makeJuliaProject } from './julia-project'
import { shot } from './page'

describe('welcome and opening a folder in the browser host', () => {
  let kiln: KilnServer
  let browser: Browser
  let page: Page
  let folder: string

  beforeAll(async () => {
    folder = await makeJuliaProject()
    kiln = await startKiln({})
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark' })
    page = await context.newPage()
    await page.goto(kiln.url)
  })
  afterAll(async () => {
    await browser?.close()
    await kiln?.stop()
  })

  it('shows the welcome view in the dark theme when no folder is open', async () => {
    await page.getByTestId('welcome').waitFor()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await shot(page, 'welcome-dark')
  })

  it('opens a folder typed into the folder picker', async () => {
    await page.getByTestId('open-folder').click()
    await page.getByTestId('folder-picker').waitFor()
    const path = page.getByTestId('folder-picker-path')
    await path.fill(folder)
    await path.press('Enter')
    // The picker lists the folder's sub-folders once it has navigated there.
    await page.getByTestId('folder-picker-entry').filter({ hasText: 'src' }).waitFor()
    await shot(page, 'folder-picker')
    await page.getByTestId('folder-picker-open').click()
    await page.locator('[data-testid="explorer-item"][data-path="Project.toml"]').waitFor()
    await shot(page, 'explorer-dark')
  })

  it('lists the folder under recent folders after closing it', async () => {
    await page.keyboard.press('Control+Shift+P')
    await page.getByTestId('quick-pick-input').fill('close folder')
    await page.keyboard.press('Enter')
    await page.getByTestId('welcome').waitFor()
    await expect.poll(() => page.getByTestId('recent-folder').first().textContent()).toContain(folder.split('/').pop())
    await page.getByTestId('recent-folder').first().click()
    await page.locator('[data-testid="explorer-item"][data-path="src"]').waitFor()
  })
})
