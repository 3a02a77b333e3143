// juliac build flows from the UI, beyond builds.test.ts, with the juliac double standing in for
// juliac: fix → rebuild (problems and markers clear, the size difference since the previous build),
// the unsafe-warn build a trim failure offers, cancelling a hung build, the automatic retries of an
// out-of-memory kill, the packaged tarball checked with tar and sha256sum, the generated workflow
// and Dockerfile, and a bundle whose DT_NEEDED library is missing. Each test has its own app, its
// own `kiln serve` and page. Screenshots: test-results/screenshots/builds-flow-*.png.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, ROOT, startKiln, type KilnServer } from './harness'
import { modelText, openKiln, shot } from './page'

const run = promisify(execFile)
const DOUBLE = join(ROOT, 'test', 'fixtures', 'juliac-double', 'juliac')
const APP = 'AppProject'
const SOURCE_PATH = `src/${APP}.jl`
const SLOW = { timeout: 60_000, interval: 100 }

// Line 6 is where the recorded verifier error's app frame points (AppProject.jl:6).
const source = (tail: string): string =>
  [`module ${APP}`, '', 'greeting(name) = string("Hello, ", name, "!")', '', 'function (@main)(ARGS)', '    println(Core.stdout, VersionNumber(ARGS[1]))', '    return 0', 'end', '', `end # module ${APP}`, tail, ''].join('\n')

const CONFIG = {
  builds: [
    { name: APP, entry: '.', output: 'exe', bundle: `build/${APP}`, trim: 'safe', experimental: true, compileCcallable: false, privatize: false, cpuTarget: null, project: null, extraArgs: [] },
  ],
}

type JuliacCall = { argv: string[]; cwd: string; cpuTarget: string | null; scenarioEnv: string | null }

interface Session {
  folder: string
  kiln: KilnServer
  page: Page
  /** Every juliac run so far, as the double recorded it (KILN_JULIAC_RECORD). */
  calls(): Promise<JuliacCall[]>
}

let browser: Browser
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  browser = await launchChromium()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
})
afterAll(async () => {
  await browser?.close()
})

/**
 * An app at HOME/src/JuliaC.jl/test/AppProject (where the recorded verifier errors' frames point),
 * opened in a fresh Kiln whose juliac is the double; the Builds view shown.
 */
async function session(opts: { marker?: string; scenario?: string } = {}): Promise<Session> {
  const home = await mkdtemp(join(tmpdir(), 'kiln-e2e-flow-'))
  cleanups.push(() => rm(home, { recursive: true, force: true }))
  const folder = join(home, 'src', 'JuliaC.jl', 'test', APP)
  await mkdir(join(folder, 'src'), { recursive: true })
  await mkdir(join(folder, '.kiln'), { recursive: true })
  await writeFile(join(folder, 'Project.toml'), `name = "${APP}"\nuuid = "5b1f0c1e-6c38-4a4f-9a53-7d0a3b0c2e11"\nversion = "0.1.0"\n`)
  await writeFile(join(folder, SOURCE_PATH), source(opts.marker ? `# kiln-juliac: ${opts.marker}` : ''))
  await writeFile(join(folder, '.kiln', 'builds.json'), JSON.stringify(CONFIG, null, 2))
  const record = join(home, 'juliac-calls.jsonl')
  const env: Record<string, string> = { KILN_JULIAC_DELAY: '0.4', HOME: home, KILN_JULIAC_RECORD: record }
  if (opts.scenario) env.KILN_JULIAC_SCENARIO = opts.scenario
  const kiln = await startKiln({ folder, settings: { 'juliac.executablePath': DOUBLE }, env })
  cleanups.push(() => kiln.stop())
  const page = await openKiln(browser, kiln.url)
  cleanups.push(() => page.context().close())
  await page.getByTestId('activity-builds').click()
  await card(page).waitFor({ timeout: 15_000 })
  await expect.poll(() => page.getByTestId('builds-juliac').getAttribute('data-found'), { timeout: 15_000 }).toBe('true')
  const calls = async (): Promise<JuliacCall[]> => {
    const text = await readFile(record, 'utf8').catch(() => '')
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as JuliacCall)
  }
  return { folder, kiln, page, calls }
}

const card = (page: Page): Locator => page.locator(`[data-testid="builds-config"][data-name="${APP}"]`)
const latest = (page: Page): Locator => card(page).getByTestId('builds-latest')
const latestState = (page: Page): Promise<string | null> => latest(page).getAttribute('data-state')

/** How many builds the card's history holds (0 before the first). */
async function historyCount(page: Page): Promise<number> {
  const toggle = card(page).getByTestId('builds-history-toggle')
  if ((await toggle.count()) === 0) return 0
  return Number(/History \((\d+)\)/.exec((await toggle.textContent()) ?? '')?.[1] ?? 0)
}

/** Clicks a button that starts a build, waits for that build to end and returns its state. */
async function buildWith(page: Page, button: Locator): Promise<string | null> {
  const before = await historyCount(page)
  await button.click()
  await expect.poll(() => historyCount(page), SLOW).toBe(before + 1)
  await expect.poll(() => latestState(page), SLOW).not.toBe('running')
  return latestState(page)
}

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P')
  await page.getByTestId('quick-pick-input').fill(title)
  await page.getByTestId('quick-pick-item').filter({ hasText: title }).first().waitFor()
  await page.keyboard.press('Enter')
}

async function quickOpen(page: Page, path: string): Promise<void> {
  await page.keyboard.press('Control+P')
  await page.getByTestId('quick-open').waitFor()
  await page.getByTestId('quick-pick-input').fill(path.split('/').pop()!)
  await expect.poll(() => page.getByTestId('quick-pick-item').first().textContent()).toContain(path.split('/').pop())
  await page.keyboard.press('Enter')
  await page.locator(`[data-testid="editor-tab"][data-path="${path}"]`).waitFor()
}

type Marker = { startLineNumber: number; message: string; resource: { path: string } }
const juliacMarkers = (page: Page): Promise<{ path: string; line: number }[]> =>
  page.evaluate(() => {
    const monaco = (window as unknown as { __kilnMonaco?: { editor: { getModelMarkers(f: { owner: string }): Marker[] } } }).__kilnMonaco
    return (monaco?.editor.getModelMarkers({ owner: 'kiln-juliac' }) ?? []).map((m) => ({ path: m.resource.path, line: m.startLineNumber }))
  })

/** Replaces the last line of the open file (the one before the final newline) and saves with Ctrl+S. */
async function replaceLastLineAndSave(page: Page, path: string, text: string): Promise<void> {
  const tab = page.locator(`[data-testid="editor-tab"][data-path="${path}"]`)
  await tab.click()
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('End')
  await page.keyboard.press('Shift+Home')
  await page.keyboard.press('Shift+Home') // Monaco's Home stops at the indentation first
  await page.keyboard.type(text)
  await expect.poll(() => tab.getAttribute('data-dirty')).toBe('true')
  await page.keyboard.press('Control+S')
  await expect.poll(() => tab.getAttribute('data-dirty'), { timeout: 10_000 }).toBe('false')
}

const logText = async (page: Page): Promise<string> => (await page.getByTestId('builds-log-line').allTextContents()).join('\n')

describe('juliac build flows in the browser host', () => {
  it('fix → rebuild: problems and markers clear; the next build shows what changed since the previous one', async () => {
    const { page, folder } = await session({ marker: 'verifier-errors' })
    await quickOpen(page, SOURCE_PATH)
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('failed')
    await card(page).getByTestId('builds-headline').click()
    await page.getByTestId('builds-problems').waitFor()
    expect(await page.getByTestId('builds-problem').count()).toBeGreaterThan(0)
    await expect.poll(() => juliacMarkers(page), { timeout: 15_000 }).toEqual([{ path: `/${SOURCE_PATH}`, line: 6 }])
    await shot(page, 'builds-flow-fix-failed')

    // The fix, typed in the editor: the marker comment becomes a plain comment.
    await replaceLastLineAndSave(page, SOURCE_PATH, '# verified by juliac')
    const onDisk = await readFile(join(folder, SOURCE_PATH), 'utf8')
    expect(onDisk).not.toContain('kiln-juliac')
    expect(onDisk).toContain('# verified by juliac\n')

    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('succeeded')
    await page.getByTestId('builds-tab-problems').click()
    await page.getByTestId('builds-no-problems').waitFor()
    expect(await page.getByTestId('builds-tab-problems').textContent()).toBe('Problems')
    await expect.poll(() => juliacMarkers(page), { timeout: 15_000 }).toEqual([])
    await card(page).getByTestId('builds-show-artifacts').click()
    await page.getByTestId('builds-artifacts').getByText('No earlier successful build to compare with.').waitFor()
    await shot(page, 'builds-flow-fixed')

    // A source change: the build is not skipped, and Artifacts compares it with the previous one.
    await replaceLastLineAndSave(page, SOURCE_PATH, '# verified by juliac, twice')
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('succeeded')
    await card(page).getByTestId('builds-show-artifacts').click()
    const diff = page.getByTestId('builds-diff')
    await diff.waitFor({ timeout: 15_000 })
    const total = page.locator('[data-testid="builds-diff-delta"][data-part="Total"]')
    expect(await total.textContent()).toBe('±0 B') // the same program: the double writes the same files
    await expect(diff.textContent()).resolves.toContain('Same files, same sizes.')

    // An untrimmed build keeps libLLVM and libjulia-codegen: the difference says so, file by file.
    await card(page).getByTestId('builds-edit').click()
    await page.getByTestId('builds-input-trim').selectOption('no')
    await page.getByTestId('builds-save').click()
    await page.getByTestId('builds-editor').waitFor({ state: 'detached' })
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('succeeded')
    await card(page).getByTestId('builds-show-artifacts').click()
    await page.getByTestId('builds-diff-file').first().waitFor({ timeout: 15_000 })
    const added = await page.locator('[data-testid="builds-diff-file"][data-change="added"]').allTextContents()
    expect(added.join('\n')).toMatch(/lib\/julia\/libLLVM/)
    expect(added.join('\n')).toMatch(/lib\/julia\/libjulia-codegen/)
    expect(await total.textContent()).toMatch(/^\+\d/)
    expect(await total.getAttribute('class')).toContain('grew')
    await page.getByTestId('builds-diff').scrollIntoViewIfNeeded()
    await shot(page, 'builds-flow-diff')
  })

  it('a trim failure offers the unsafe-warn build: it runs with that mode, succeeds and lists every problem', async () => {
    const { page, calls } = await session({ marker: 'verifier-errors' })
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('failed')
    const offer = card(page).getByTestId('builds-unsafe-warn')
    await offer.waitFor()
    expect(await card(page).getByTestId('builds-message').textContent()).toMatch(/trim verification found \d+ error/)
    await shot(page, 'builds-flow-trim-failed')
    expect(await buildWith(page, offer)).toBe('succeeded')
    const last = (await calls()).at(-1)!
    expect(last.argv).toContain('--trim=unsafe-warn')
    expect(last.argv.filter((a) => a.startsWith('--trim'))).toEqual(['--trim=unsafe-warn'])
    // The build's own flags are shown with its metrics (the configuration still says trim=safe).
    expect(await card(page).getByTestId('builds-metrics-flags').textContent()).toContain('--trim=unsafe-warn')
    // Its problems are reported, not hidden behind the success.
    const reported = Number(/^Succeeded in [\d.]+ s · (\d+) errors? reported$/.exec((await card(page).getByTestId('builds-headline').textContent()) ?? '')?.[1])
    expect(reported).toBeGreaterThan(0)
    expect(await card(page).getByTestId('builds-message').textContent()).toMatch(new RegExp(`unsafe-warn reported ${reported} verifier errors?.*fail if they are reached`))
    await card(page).getByTestId('builds-headline').click()
    await page.getByTestId('builds-problems').waitFor()
    const problems = page.getByTestId('builds-problem')
    expect(await problems.count()).toBe(reported)
    expect(await problems.first().textContent()).toMatch(/unresolved call/)
    await shot(page, 'builds-flow-unsafe-warn')
  })

  it('cancels a hung build from the palette and with the Cancel button; Kiln stays responsive', async () => {
    const { page, calls } = await session({ scenario: 'hang' })
    await card(page).getByTestId('builds-build').click()
    await expect.poll(() => latestState(page), SLOW).toBe('running')
    const item = page.locator('[data-testid="status-item"][data-id="juliac-build"]')
    await item.waitFor()
    const headline = card(page).getByTestId('builds-headline')
    const t1 = await headline.textContent()
    await expect.poll(() => headline.textContent(), { timeout: 10_000 }).not.toBe(t1) // the elapsed time ticks
    await expect.poll(async () => (await calls()).length, SLOW).toBe(1)

    // Meanwhile the editor works: open a file and read it.
    await quickOpen(page, 'Project.toml')
    await expect.poll(() => modelText(page, 'Project.toml')).toContain(`name = "${APP}"`)
    await shot(page, 'builds-flow-hang-running')

    const asked = Date.now()
    await command(page, 'Juliac: Cancel Build')
    await expect.poll(() => latestState(page), { timeout: 15_000, interval: 100 }).toBe('cancelled')
    expect(Date.now() - asked).toBeLessThan(10_000)
    // The record and the page catch up in separate renders, and the log streams in batches: poll.
    await expect.poll(() => headline.textContent()).toMatch(/^Cancelled after/)
    await expect.poll(() => item.count()).toBe(0)
    await card(page).getByTestId('builds-show-log').click()
    await expect.poll(() => logText(page), { timeout: 10_000 }).toMatch(/\[kiln\] cancelling the build/)
    // juliac said it was interrupted: that process is gone.
    const signalLine = /\[(\d+)\] signal \d+: (?:Interrupt|Terminated)/
    await expect.poll(() => logText(page), { timeout: 10_000 }).toMatch(signalLine)
    const pid = Number(signalLine.exec(await logText(page))?.[1])
    expect(pid).toBeGreaterThan(0)
    await expect.poll(() => {
      try {
        process.kill(pid, 0)
        return 'alive'
      } catch {
        return 'gone'
      }
    }).toBe('gone')
    // That interrupt is the cancel itself: no problem is listed for it.
    await expect.poll(() => page.getByTestId('builds-tab-problems').textContent()).toBe('Problems')
    await expect.poll(() => card(page).getByTestId('builds-message').textContent()).toMatch(/^cancelled: juliac .* stopped$/)
    await shot(page, 'builds-flow-cancelled')

    // Again, with the card's Cancel button.
    await card(page).getByTestId('builds-build').click()
    const cancel = card(page).getByTestId('builds-cancel')
    await cancel.waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await calls()).length, SLOW).toBe(2)
    await cancel.click()
    await expect.poll(() => latestState(page), { timeout: 15_000, interval: 100 }).toBe('cancelled')
    expect(await historyCount(page)).toBe(2)
    expect(await card(page).getByTestId('builds-build').isEnabled()).toBe(true)
  })

  it('an out-of-memory kill retries by itself, then fails after 3 attempts with a Retry button', async () => {
    const { page, calls } = await session({ scenario: 'oom-kill' })
    await card(page).getByTestId('builds-build').click()
    const headline = card(page).getByTestId('builds-headline')
    await expect.poll(() => headline.textContent(), SLOW).toMatch(/try 2 of 3/)
    await shot(page, 'builds-flow-oom-retrying')
    await expect.poll(() => latestState(page), SLOW).toBe('failed')
    expect(await calls()).toHaveLength(3)
    expect(await historyCount(page)).toBe(1) // one build, three attempts
    expect(await card(page).getByTestId('builds-headline').textContent()).toMatch(/^Failed after [\d.]+ s$/) // no half-printed "Error #1:" counted
    expect(await card(page).getByTestId('builds-message').textContent()).toMatch(/killed \(SIGKILL.*out-of-memory.*in all 3 attempts/)
    await card(page).getByTestId('builds-show-log').click()
    await expect.poll(() => logText(page), { timeout: 10_000 }).toMatch(/\[kiln\] attempt 3 of 3/)
    await page.getByTestId('builds-banner').getByTestId('builds-panel-retry').waitFor()
    await shot(page, 'builds-flow-oom-failed')

    await card(page).getByTestId('builds-retry').click()
    await expect.poll(async () => (await calls()).length, SLOW).toBe(4)
    await expect.poll(() => historyCount(page), SLOW).toBe(2)
    await card(page).getByTestId('builds-cancel').click()
    await expect.poll(() => latestState(page), SLOW).toBe('cancelled')
  })

  it('packages the bundle: the tarball holds bin/, lib/, deploy.sh (0755), SHA256SUMS, manifest.json, and deploy.sh runs it', async () => {
    const { page, folder } = await session()
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('succeeded')
    await card(page).getByTestId('builds-show-artifacts').click()
    await page.getByTestId('builds-package-version').fill('2.0.1')
    await page.getByTestId('builds-package').click()
    await page.getByTestId('builds-package-result').waitFor({ timeout: 30_000 })
    const rel = (await page.getByTestId('builds-package-path').textContent())!.split(' ')[0]!
    expect(rel).toMatch(new RegExp(`^dist/${APP}-2\\.0\\.1-linux-\\w+\\.tar\\.gz$`))
    const shown = /sha256 ([0-9a-f]{64})/.exec((await page.getByTestId('builds-package-sha').textContent()) ?? '')?.[1]
    await page.getByTestId('builds-package-result').scrollIntoViewIfNeeded()
    await shot(page, 'builds-flow-package')

    const tarball = join(folder, rel)
    const top = rel.replace(/^dist\//, '').replace(/\.tar\.gz$/, '')
    expect((await run('sha256sum', [tarball])).stdout.split(' ')[0]).toBe(shown)
    const listing = (await run('tar', ['-tzvf', tarball])).stdout.split('\n').filter(Boolean)
    const entry = (name: string): string | undefined => listing.find((l) => l.endsWith(` ${top}/${name}`))
    expect(entry(`bin/${APP}`)).toMatch(/^-rwxr-xr-x /)
    expect(entry('lib/libjulia.so.1.12')).toMatch(/^-/)
    expect(entry('lib/julia/libjulia-internal.so.1.12')).toMatch(/^-/)
    expect(entry('deploy.sh')).toMatch(/^-rwxr-xr-x /)
    expect(entry('SHA256SUMS')).toMatch(/^-rw-r--r-- /)
    expect(entry('manifest.json')).toMatch(/^-rw-r--r-- /)
    expect(listing.every((l) => / [^ ]+$/.exec(l)![0].trim().startsWith(`${top}/`) || l.endsWith(` ${top}/`))).toBe(true)

    const out = await mkdtemp(join(tmpdir(), 'kiln-e2e-unpacked-'))
    cleanups.push(() => rm(out, { recursive: true, force: true }))
    await run('tar', ['-xzf', tarball, '-C', out])
    const unpacked = join(out, top)
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: unpacked })
    expect(check.stdout).toMatch(new RegExp(`bin/${APP}: OK`))
    expect(check.stdout).toMatch(/deploy\.sh: OK/)
    expect(check.stdout).not.toMatch(/FAILED/)
    const manifest = JSON.parse(await readFile(join(unpacked, 'manifest.json'), 'utf8')) as { name: string; version: string; executable: string; flags: string[] }
    expect(manifest).toMatchObject({ name: APP, version: '2.0.1', executable: `bin/${APP}` })
    expect(manifest.flags).toContain('--trim=safe')
    const greeting = await run('./deploy.sh', ['world'], { cwd: unpacked })
    expect(greeting.stdout).toContain(`Hello from ${APP}`)
    expect(greeting.stdout).toContain('arg 1: world')
  })

  it('generates the GitHub workflow and the Dockerfile, opens them, and never overwrites them', async () => {
    const { page, folder } = await session()
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('succeeded')
    await card(page).getByTestId('builds-show-artifacts').click()

    const workflow = `.github/workflows/juliac-${APP}.yml`
    await page.getByTestId('builds-generate-github').click()
    await page.locator(`[data-testid="editor-tab"][data-path="${workflow}"]`).waitFor({ timeout: 15_000 })
    await expect.poll(() => modelText(page, workflow)).toContain('juliac --output-exe')
    const yml = await readFile(join(folder, workflow), 'utf8')
    expect(await modelText(page, workflow)).toBe(yml)
    expect(yml).toMatch(new RegExp(`juliac --output-exe ${APP} --bundle build/${APP} --trim=safe --experimental \\.`))
    expect(yml).toContain("version: '1.12'")
    expect(yml).toContain('Pkg.Apps.add("JuliaC")')
    expect(yml).toContain(`./build/${APP}/bin/${APP}`)
    await shot(page, 'builds-flow-workflow')

    const dockerfile = `Dockerfile.${APP}`
    await page.getByTestId('builds-generate-docker').click()
    await page.locator(`[data-testid="editor-tab"][data-path="${dockerfile}"]`).waitFor({ timeout: 15_000 })
    await expect.poll(() => modelText(page, dockerfile)).toContain('FROM debian:bookworm-slim')
    const docker = await readFile(join(folder, dockerfile), 'utf8')
    expect(docker).toContain(`COPY build/${APP}/ /opt/${APP}/`)
    expect(docker).toContain(`ENTRYPOINT ["/opt/${APP}/bin/${APP}"]`)
    expect(docker).toContain(`LD_LIBRARY_PATH=/opt/${APP}/lib:/opt/${APP}/lib/julia`)
    await shot(page, 'builds-flow-dockerfile')

    // A second click does not clobber a file the user may have edited; it says why.
    await writeFile(join(folder, dockerfile), `${docker}# edited\n`)
    await page.getByTestId('builds-generate-docker').click()
    await page.locator('[data-testid="notification"][data-kind="error"]').filter({ hasText: 'already exists' }).waitFor({ timeout: 15_000 })
    expect(await readFile(join(folder, dockerfile), 'utf8')).toBe(`${docker}# edited\n`)
  })

  it('a bundle missing its DT_NEEDED library: the ELF report flags it and a run says why it cannot start', async () => {
    const { page } = await session({ scenario: 'missing-lib' })
    expect(await buildWith(page, card(page).getByTestId('builds-build'))).toBe('succeeded')
    expect(await card(page).getByTestId('builds-message').textContent()).toMatch(/the bundle lacks libjulia\.so\.1\.12 .*will not start/)
    await card(page).getByTestId('builds-show-artifacts').click()
    await page.getByTestId('builds-elf').waitFor({ timeout: 15_000 })
    const missing = page.locator('[data-testid="builds-elf-lib"][data-missing="true"]')
    await expect.poll(() => missing.count()).toBe(1)
    expect(await missing.textContent()).toMatch(/libjulia\.so\.1\.12.*not found/)
    expect(await page.getByTestId('builds-artifacts').textContent()).toContain('1 missing')
    await shot(page, 'builds-flow-missing-lib')

    await page.getByTestId('builds-run-button').click()
    await page.getByTestId('builds-run-result').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('builds-run-exit').textContent()).toBe('exit 127')
    expect(await page.getByTestId('builds-run-stderr').textContent()).toMatch(/libjulia\.so\.1\.12.*No such file/)
    await page.getByTestId('builds-run-result').scrollIntoViewIfNeeded()
    await shot(page, 'builds-flow-missing-lib-run')
  })
})
