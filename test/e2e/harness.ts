// The e2e harness: starts the real `kiln serve` (built output) on a folder and launches Debian's
// Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

export const ROOT = join(__dirname, '..', '..')
/** The line `kiln serve` prints once it listens (src-main/serve/cli-command.ts). */
export const SERVING_LINE = /^Kiln is serving on (http:\/\/\S+)$/m
export const CHROMIUM_PATH = process.env.KILN_CHROMIUM ?? '/usr/bin/chromium'

export interface StartKilnOptions {
  /** The workspace folder opened at start; none: Kiln starts on its welcome view. */
  folder?: string
  /** Extra environment; KILN_USER_DATA is set to `userDataDir` unless given here. */
  env?: Record<string, string>
  /** Reuse a user data folder (e.g. to restart after a crash); otherwise a fresh temp folder. */
  userDataDir?: string
  /** Keep the user data folder when stopping (a fresh one is deleted by default). */
  keepUserData?: boolean
  /** Extra `kiln serve` arguments, placed before the folder. */
  args?: string[]
  /** The user settings file to start with (settings.json in the user data folder). */
  settings?: Record<string, string | number | boolean>
  /** How long to wait for the URL line (default 30 s). */
  timeoutMs?: number
}

export interface KilnServer {
  /** `http://127.0.0.1:PORT/?token=...`: open this in the browser. */
  url: string
  /** `http://127.0.0.1:PORT` */
  origin: string
  token: string
  port: number
  process: ChildProcess
  userDataDir: string
  /** Everything the server printed so far. */
  output(): { stdout: string; stderr: string }
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))

export async function startKiln(opts: StartKilnOptions): Promise<KilnServer> {
  const cli = join(ROOT, process.env.KILN_OUT_DIR ?? 'out', 'main', 'cli.js')
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the e2e tests`)
  const ownUserData = opts.userDataDir === undefined
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'kiln-e2e-user-'))
  if (opts.settings) writeFileSync(join(userDataDir, 'settings.json'), JSON.stringify(opts.settings))
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'kiln.js'), 'serve', '--port', '0', ...(opts.args ?? []), ...(opts.folder ? [opts.folder] : [])], {
    cwd: ROOT,
    env: { ...process.env, KILN_USER_DATA: userDataDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))

  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited(child)
        clearTimeout(timer)
      }
      if (ownUserData && !opts.keepUserData) rmSync(userDataDir, { recursive: true, force: true })
    })())

  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup()
      reject(new Error(`kiln serve ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`))
    }
    const onData = () => {
      const match = SERVING_LINE.exec(stdout)
      if (!match) return
      cleanup()
      resolve(match[1])
    }
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal}) before printing its URL`)
    const timer = setTimeout(() => fail(`printed no URL within ${opts.timeoutMs ?? 30_000} ms`), opts.timeoutMs ?? 30_000)
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  }).catch(async (e: unknown) => {
    await stop()
    throw e
  })

  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    port: Number(parsed.port),
    process: child,
    userDataDir,
    output: () => ({ stdout, stderr }),
    stop,
  }
}

/**
 * Features switched off. Each new browser context opens a window whose omnibox popup is a WebUI page
 * (chrome://omnibox-popup.top-chrome) in its own renderer: ~0.8 s of CPU (ps, Chromium 156 here)
 * spent exactly while the test's page loads, which on 2 cores made the start-up benchmark ~300 ms
 * slower (median 1543 vs 1222 ms, 9 interleaved runs each); a user's browser has that window
 * already. Chromium honours only the last --disable-features, so Playwright's own list (playwright-core
 * 1.65 chromiumSwitches: no network calls, no paint holding, ...) is repeated here.
 */
const DISABLED_FEATURES = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
]

/** Chromium's switches for tests and benchmarks: everything that would reach the network off. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
]

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set KILN_CHROMIUM`)
  }
}

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  assertChromium()
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // playwright-core adds --headless (the new headless mode) itself when this is true.
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
  })
}
