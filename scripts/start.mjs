#!/usr/bin/env node
// `npm start [-- FOLDER]`: builds when out/ is missing or older than the sources, then starts the
// desktop app. Where Electron cannot run (its binary is missing and cannot be downloaded, or there
// is no display) it says why on one line and starts the browser host (`kiln serve`) instead.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

const OUTPUTS = ['out/main/main.js', 'out/main/cli.js', 'out/preload/index.js', 'out/renderer/index.html']
const INPUTS = ['src-main', 'src-preload', 'src-renderer', 'electron.vite.config.ts', 'package.json', 'tsconfig.json']

/** Newest modification time under `path` (recursively), 0 when it does not exist. */
function newestMtime(path) {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

function needsBuild() {
  const outputs = OUTPUTS.map((p) => join(root, p))
  if (!outputs.every((p) => existsSync(p))) return true
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs))
  return Math.max(...INPUTS.map((p) => newestMtime(join(root, p)))) > oldestOutput
}

/** Runs a program with our terminal; resolves with its exit code. Argument vectors only. */
function run(command, argv, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: root, stdio: 'inherit', ...options })
    child.on('error', (e) => {
      console.error(`kiln: could not run ${command}: ${e.message}`)
      resolve(1)
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
  })
}

/** Where node_modules/electron keeps its binary (as its index.js finds it, without requiring it). */
function electronBinary() {
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
  return relative ? join(dir, 'dist', relative) : null
}

/** Electron 42+ downloads its binary on first use; try that once, quietly, and report the reason it failed. */
async function ensureElectronBinary() {
  const existing = electronBinary()
  if (existing && existsSync(existing)) return { binary: existing }
  const installer = join(root, 'node_modules', 'electron', 'install.js')
  if (!existsSync(installer)) return { reason: 'Electron is not installed (node_modules/electron is missing; run npm install)' }
  console.log('Kiln: downloading the Electron binary (first run)...')
  const { code, output } = await new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 })
    let text = ''
    child.stdout.on('data', (d) => (text += d))
    child.stderr.on('data', (d) => (text += d))
    child.on('error', (e) => resolve({ code: 1, output: e.message }))
    child.on('exit', (c) => resolve({ code: c ?? 1, output: text }))
  })
  const binary = electronBinary()
  if (code === 0 && binary && existsSync(binary)) return { binary }
  const why = output.split('\n').find((l) => l.trim() !== '')?.trim() ?? `exit ${code}`
  return { reason: `Electron binary not installed (it is downloaded on first run and this machine cannot fetch it: ${why})` }
}

function displayMissing() {
  if (process.platform !== 'linux') return null
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null
  return 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)'
}

async function startDesktop(binary) {
  // Ctrl-C reaches Electron directly (same process group): wait for it to exit rather than die
  // first. A SIGTERM/SIGHUP sent to this script alone is passed on.
  process.on('SIGINT', () => {})
  const child = spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (e) => {
    console.error(`kiln: could not start Electron (${binary}): ${e.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)))
}

async function startBrowserHost(reason) {
  console.log(`Kiln: cannot start the desktop app: ${reason}. Starting the browser host instead.`)
  const { runCli } = createRequire(import.meta.url)(join(root, 'out', 'main', 'cli.js'))
  const code = await runCli(['serve', ...args])
  process.stdout.write('', () => process.exit(code))
}

async function main() {
  if (needsBuild()) {
    console.log('Kiln: building (out/ is missing or older than the sources)...')
    const code = await run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'])
    if (code !== 0) {
      console.error('kiln: the build failed; see above.')
      process.exit(code)
    }
  }
  const noDisplay = displayMissing()
  if (noDisplay) {
    // No point downloading Electron for a machine that cannot show a window.
    const binary = electronBinary()
    const installed = binary !== null && existsSync(binary)
    return startBrowserHost(installed ? noDisplay : `the Electron binary is not installed and there is ${noDisplay}`)
  }
  const electron = await ensureElectronBinary()
  if (electron.reason) return startBrowserHost(electron.reason)
  return startDesktop(electron.binary)
}

main().catch((e) => {
  console.error(`kiln: ${e && e.stack ? e.stack : String(e)}`)
  process.exit(1)
})
