// The system monitor from the UI, as a user meets it. This machine, live: Ctrl+Alt+U opens the
// Monitor tab, the CPU and memory graphs move, the memory total is /proc/meminfo's MemTotal, a
// terminal's shell appears in Kiln's processes under its own pid, the status bar reads CPU and
// memory and opens the tab, and sampling slows while the tab is hidden. Then a Strix Halo APU
// replayed from test/fixtures/sysfs-apu (KILN_MONITOR_REPLAY) through the palette's "Monitor:
// Show": GTT used of its total, busy %, temperature, power and the headroom. Screenshots (dark,
// then light): test-results/screenshots/monitor-*.png.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { formatBytes, formatUsedOfTotal } from '../../src-renderer/panels/monitor/monitor-format'
import { launchChromium, ROOT, startKiln, type KilnServer } from './harness'
import { openKiln, shot, terminalIds, terminalText, waitForTerminalText } from './page'

const SLOW = { timeout: 20_000, interval: 200 }
const FIXTURE = join(ROOT, 'test', 'fixtures', 'sysfs-apu')

let browser: Browser
let folder: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kiln-e2e-monitor-'))
  browser = await launchChromium()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
})
afterAll(async () => {
  await browser?.close()
  await rm(folder, { recursive: true, force: true })
})

/** A fresh Kiln with a tall bottom panel (the Monitor has four charts and two tables). */
async function session(theme: 'dark' | 'light', env?: Record<string, string>): Promise<{ kiln: KilnServer; page: Page }> {
  const kiln = await startKiln({ folder, env: { SHELL: '/bin/bash', ...env }, settings: { 'workbench.colorTheme': theme } })
  cleanups.push(() => kiln.stop())
  const page = await openKiln(browser, kiln.url)
  cleanups.push(() => page.context().close())
  await page.evaluate(() => localStorage.setItem('kiln.layout', JSON.stringify({ panelVisible: true, panelHeight: 600, sidebarVisible: false })))
  await page.reload()
  await page.getByTestId('workbench').waitFor()
  return { kiln, page }
}

const live = (page: Page): Locator => page.locator('[data-testid="monitor-panel"][data-state="live"]')
const statusItem = (page: Page): Locator => page.locator('[data-testid="status-item"][data-id="monitor"]')
const points = async (chart: Locator): Promise<number> => Number(await chart.getAttribute('data-points'))
const samples = async (page: Page): Promise<number> => Number(await live(page).getAttribute('data-samples'))
const kib = (text: string, key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]) * 1024

describe('the Monitor', () => {
  it('shows this machine live: moving graphs, MemTotal, a terminal in the process table, the status bar', async () => {
    const { page } = await session('dark')

    // The status bar reads CPU and memory from the start (sampled slowly until the tab is shown).
    await expect.poll(() => statusItem(page).textContent(), SLOW).toMatch(/^CPU [\d.]+% · Mem [\d.]+\/\d+ GiB( · GPU [\d.—]+%?)?$/)

    await page.keyboard.press('Control+Alt+U')
    await live(page).waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('panel-tab-monitor').getAttribute('aria-selected')).toBe('true')

    // The graphs move: at least 3 samples, then more; the CPU canvas is redrawn between them.
    const cpu = page.getByTestId('monitor-chart-cpu')
    const memory = page.getByTestId('monitor-chart-memory')
    await expect.poll(() => points(cpu), SLOW).toBeGreaterThanOrEqual(3)
    const before = { cpu: await points(cpu), memory: await points(memory), image: await cpu.screenshot() }
    await expect.poll(() => points(cpu), SLOW).toBeGreaterThan(before.cpu)
    expect(await points(memory)).toBeGreaterThan(before.memory)
    expect((await cpu.screenshot()).equals(before.image)).toBe(false)
    expect(await page.getByTestId('monitor-reading-cpu').textContent()).toMatch(/^[\d.]+%$/)

    // The memory total is the kernel's MemTotal (plus VRAM where the machine has a GPU with some).
    const meminfo = await readFile('/proc/meminfo', 'utf8')
    const memTotal = kib(meminfo, 'MemTotal')
    const noGpu = await page.getByTestId('monitor-no-gpu').isVisible()
    if (noGpu) {
      expect(await page.getByTestId('monitor-mem-total').locator('.value').textContent()).toBe(formatBytes(memTotal))
      // What was looked through, each with its answer.
      const tried = await page.getByTestId('monitor-no-gpu').locator('li').allTextContents()
      expect(tried.map((t) => t.split(':')[0])).toEqual(['amdgpu sysfs', 'rocm-smi', 'amd-smi', 'nvidia-smi'])
      expect(await statusItem(page).textContent()).not.toContain('GPU')
    }
    const reading = (await page.getByTestId('monitor-reading-memory').textContent()) ?? ''
    expect(reading.split('/')[1]).toBe(formatUsedOfTotal(0, memTotal).split('/')[1])
    expect(await page.getByTestId('monitor-headroom-bytes').textContent()).toMatch(/^[\d.]+ (MiB|GiB|TiB)$/)
    expect(await page.getByTestId('monitor-headroom-detail').textContent()).toMatch(/\S/)
    await expect.poll(() => page.locator('[data-testid="monitor-source"][data-id="proc"]').getAttribute('data-state'), SLOW).toBe('ok')
    await shot(page, 'monitor-1-live-dark')

    // A terminal: its shell, under the pid the shell itself prints, in Kiln's processes.
    await page.getByTestId('panel-tab-terminal').click()
    await page.getByTestId('terminal-view').first().waitFor()
    const [id] = await terminalIds(page)
    await page.getByTestId('terminal-view').first().click()
    await page.keyboard.type('echo "pid=$$"\n')
    await waitForTerminalText(page, id!, 'pid=')
    const pid = /pid=(\d+)/.exec(await terminalText(page, id!))![1]!

    // The status item opens the Monitor tab again.
    await statusItem(page).click()
    expect(await page.getByTestId('panel-tab-monitor').getAttribute('aria-selected')).toBe('true')
    const row = page.locator(`[data-testid="monitor-process"][data-pid="${pid}"]`)
    await row.waitFor({ timeout: 20_000 })
    expect(await row.getAttribute('data-kind')).toBe('terminal')
    expect(await row.locator('td').nth(3).textContent()).toMatch(/^[\d.]+ (KiB|MiB|GiB)$/)
    await page.getByTestId('monitor-processes').scrollIntoViewIfNeeded()
    await shot(page, 'monitor-2-processes-dark')

    // Hidden, main samples slowly (every 5 s); shown again, at the set 1 s.
    await page.getByTestId('panel-tab-terminal').click()
    await page.waitForTimeout(1500)
    const hiddenFrom = await samples(page)
    await page.waitForTimeout(4000)
    expect((await samples(page)) - hiddenFrom).toBeLessThanOrEqual(1)
    await page.getByTestId('panel-tab-monitor').click()
    const shownFrom = await samples(page)
    await expect.poll(() => samples(page), { timeout: 6000, interval: 200 }).toBeGreaterThanOrEqual(shownFrom + 3)
  })

  it('shows a replayed Strix Halo APU: GTT used of its total, busy %, temperature, power and the headroom', async () => {
    const replay = `sysfs=${join(FIXTURE, 'sys')},proc=${join(FIXTURE, 'proc')}`
    const { page } = await session('light', { KILN_MONITOR_REPLAY: replay })

    await page.keyboard.press('Control+Shift+P')
    await page.getByTestId('quick-pick-input').fill('Monitor: Show')
    await page.getByTestId('quick-pick-item').filter({ hasText: 'Monitor: Show' }).first().waitFor()
    await page.keyboard.press('Enter')
    await live(page).waitFor({ timeout: 20_000 })
    await expect.poll(() => points(page.getByTestId('monitor-chart-gpu')), SLOW).toBeGreaterThanOrEqual(3)

    // The fixture: 20 GiB of a 124 GiB GTT in use, gpu_busy_percent 87, 52 °C, 38 W, a 512 MiB carve-out.
    expect(await page.getByTestId('monitor-mem-gtt').locator('.value').textContent()).toBe('20.0 GiB of 124 GiB')
    expect(await page.getByTestId('monitor-mem-vram').locator('.value').textContent()).toBe('232 MiB of 512 MiB')
    expect(await page.getByTestId('monitor-card-memory').textContent()).toContain('GTT is system memory mapped for the GPU')
    const meminfo = await readFile(join(FIXTURE, 'proc', 'meminfo'), 'utf8')
    expect(await page.getByTestId('monitor-mem-total').locator('.value').textContent()).toBe(formatBytes(kib(meminfo, 'MemTotal') + 512 * 2 ** 20))
    // RAM without GTT: MemTotal − MemAvailable − GTT used.
    const ram = kib(meminfo, 'MemTotal') - kib(meminfo, 'MemAvailable') - 20 * 2 ** 30
    expect(await page.getByTestId('monitor-mem-ram').locator('.value').textContent()).toBe(formatBytes(ram))
    expect(await page.getByTestId('monitor-reading-gpu').textContent()).toBe('87%')
    expect(await page.getByTestId('monitor-reading-thermal').textContent()).toBe('52 °C · 38.0 W')
    expect(await page.getByTestId('monitor-no-gpu').count()).toBe(0)

    // The headroom: what a model could still get, in GiB, with how that was worked out.
    expect(await page.getByTestId('monitor-headroom').textContent()).toMatch(/A model could still get[\d.]+ GiB/)
    expect(await page.getByTestId('monitor-headroom-detail').textContent()).toMatch(/GiB/)

    // The status bar adds the GPU.
    await expect.poll(() => statusItem(page).textContent(), SLOW).toMatch(/^CPU [\d.]+% · Mem \d+\/125 GiB · GPU 87%$/)
    expect(await statusItem(page).getAttribute('title')).toContain('GTT 20.0 GiB of 124 GiB')
    // The last minute only: the samples so far spread over the chart.
    await page.getByTestId('monitor-range-60').click()
    expect(await page.getByTestId('monitor-range-60').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => points(page.getByTestId('monitor-chart-memory')), SLOW).toBeGreaterThanOrEqual(6)
    await shot(page, 'monitor-3-apu-light')
    await page.getByTestId('monitor-sources').scrollIntoViewIfNeeded()
    await shot(page, 'monitor-4-apu-sources-light')
  })
})
