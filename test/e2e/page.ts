// Page helpers for the e2e suite: the page actions (page-actions.ts, shared with test/bench) and
// the suite setup that needs vitest's hooks.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium, startKiln, type KilnServer } from './harness'
import { makeJuliaProject } from './julia-project'
import { openKiln } from './page-actions'

export * from './page-actions'

export interface KilnPage {
  folder: string
  kiln: KilnServer
  browser: Browser
  page: Page
}

/**
 * Registers beforeAll/afterAll hooks for a suite: a fresh Julia project, `kiln serve` on it, Chromium
 * and one page. Read the fields inside tests (they are set once beforeAll has run).
 */
export function useKilnPage(options: { env?: Record<string, string> } = {}): KilnPage {
  const ctx = {} as KilnPage
  beforeAll(async () => {
    ctx.folder = await makeJuliaProject()
    ctx.kiln = await startKiln({ folder: ctx.folder, env: options.env })
    ctx.browser = await launchChromium()
    ctx.page = await openKiln(ctx.browser, ctx.kiln.url)
  })
  afterAll(async () => {
    await ctx.browser?.close()
    await ctx.kiln?.stop()
  })
  return ctx
}
