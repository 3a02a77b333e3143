#!/usr/bin/env node
// Installs the embedded inference engine's runtime (node-llama-cpp) into engine/node_modules.
// Runs as the root package's postinstall, and by hand as `npm run install-engine`.
//
// Why a nested package: node-llama-cpp lists every platform's prebuilt backend as an optional
// dependency, and npm installs all that match the OS and CPU, so a plain install on x64 Linux pulls
// the CUDA builds (about 540 MB) and the Vulkan one whether or not the machine has those drivers.
// The root install cannot omit them without also omitting other packages' platform binaries
// (node-pty, rolldown, esbuild). So engine/ is installed with --omit=optional, then exactly the
// prebuilt backends this machine can use are added: the CPU one always, Vulkan where a Vulkan loader
// is installed, CUDA where the NVIDIA driver is. The choice is written to engine/backends.json.
//
// KILN_ENGINE_GPU=auto|none|vulkan|cuda overrides the detection; KILN_SKIP_ENGINE=1 skips it all.
// A failure warns and exits 0: Kiln runs without the embedded engine and says how to install it.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const engineDir = join(root, 'engine')
const say = (s) => process.stdout.write(`kiln engine: ${s}\n`)

/** The prebuilt package names for this OS and CPU: [cpu package, { vulkan, cuda }]. */
export function backendPackages(platform = process.platform, arch = process.arch) {
  const table = {
    'linux-x64': ['linux-x64', { vulkan: 'linux-x64-vulkan', cuda: 'linux-x64-cuda' }],
    'linux-arm64': ['linux-arm64', {}],
    'linux-arm': ['linux-armv7l', {}],
    'darwin-arm64': ['mac-arm64-metal', {}],
    'darwin-x64': ['mac-x64', {}],
    'win32-x64': ['win-x64', { vulkan: 'win-x64-vulkan', cuda: 'win-x64-cuda' }],
    'win32-arm64': ['win-arm64', {}],
  }
  return table[`${platform}-${arch}`] ?? null
}

/** Which GPU runtimes this machine has: a Vulkan loader library, the NVIDIA driver. */
export function detectGpuRuntimes(platform = process.platform) {
  const has = (paths) => paths.some((p) => existsSync(p))
  if (platform === 'win32') {
    const sys = join(process.env.SystemRoot ?? 'C:\\Windows', 'System32')
    return { vulkan: has([join(sys, 'vulkan-1.dll')]), cuda: has([join(sys, 'nvcuda.dll')]) }
  }
  if (platform !== 'linux') return { vulkan: false, cuda: false }
  const libDirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/lib/x86_64-linux-gnu']
  return {
    vulkan: has(libDirs.map((d) => join(d, 'libvulkan.so.1'))),
    cuda: has(['/proc/driver/nvidia/version', ...libDirs.map((d) => join(d, 'libcuda.so.1'))]),
  }
}

function npm(args) {
  // Under npm, npm_execpath is npm's own CLI script: run it with this node so no shell is needed.
  const execPath = process.env.npm_execpath
  const [cmd, argv] = execPath && /\.(c?js|mjs)$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', args]
  const r = spawnSync(cmd, argv, { cwd: engineDir, stdio: 'inherit', env: { ...process.env, npm_config_omit: 'optional' } })
  if (r.error) throw r.error
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited with ${r.status}`)
}

const installedVersion = (name) => {
  const p = join(engineDir, 'node_modules', ...name.split('/'), 'package.json')
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')).version : null
}

function main() {
  if (process.env.KILN_SKIP_ENGINE === '1') return say('skipped (KILN_SKIP_ENGINE=1)')
  const version = JSON.parse(readFileSync(join(engineDir, 'package.json'), 'utf8')).dependencies['node-llama-cpp']
  const backends = backendPackages()
  if (!backends) return say(`no prebuilt backend for ${process.platform}-${process.arch}; the embedded engine is unavailable`)
  const [cpu, gpus] = backends
  const want = (process.env.KILN_ENGINE_GPU ?? 'auto').toLowerCase()
  const found = detectGpuRuntimes()
  const gpu = Object.keys(gpus).filter((k) => (want === 'auto' ? found[k] : want === k))
  const packages = [cpu, ...gpu.map((k) => gpus[k])].map((p) => `@node-llama-cpp/${p}`)

  const current = [join('node-llama-cpp'), ...packages].every((p) => installedVersion(p) === version)
  if (current) return say(`node-llama-cpp ${version} with ${packages.join(', ')} already installed`)

  say(`installing node-llama-cpp ${version} without its optional backends`)
  // No lockfile: npm writes only this platform's optional packages into one, and `npm ci` on another
  // platform then refuses it. node-llama-cpp and its backends are pinned to one exact version.
  const flags = ['--no-package-lock', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund']
  npm(['install', ...flags])
  say(`adding ${packages.join(', ')}`)
  npm(['install', '--no-save', ...flags, ...packages.map((p) => `${p}@${version}`)])
  writeFileSync(join(engineDir, 'backends.json'), `${JSON.stringify({ version, packages, detected: found, requested: want }, null, 2)}\n`)
  say('done')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main()
  } catch (e) {
    process.stderr.write(`kiln engine: could not install the embedded engine: ${e instanceof Error ? e.message : String(e)}\n`)
    process.stderr.write('kiln engine: Kiln works without it (set inference.llamaServerPath to a llama-server); retry with `npm run install-engine`\n')
  }
}
