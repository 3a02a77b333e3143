// scripts/install-engine.mjs: which of node-llama-cpp's prebuilt backends a machine gets. The CUDA
// and Vulkan builds are hundreds of megabytes and useless without their drivers.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { backendPackages, detectGpuRuntimes } from '../../scripts/install-engine.mjs'

type Backends = [string, { vulkan?: string; cuda?: string }] | null
const pick = backendPackages as (platform: string, arch: string) => Backends
const detect = detectGpuRuntimes as (platform: string) => { vulkan: boolean; cuda: boolean }
const root = join(__dirname, '..', '..')

describe('install-engine', () => {
  it('names the CPU build for each platform and GPU builds only where node-llama-cpp has them', () => {
    expect(pick('linux', 'x64')).toEqual(['linux-x64', { vulkan: 'linux-x64-vulkan', cuda: 'linux-x64-cuda' }])
    expect(pick('darwin', 'arm64')).toEqual(['mac-arm64-metal', {}])
    expect(pick('win32', 'x64')?.[0]).toBe('win-x64')
    expect(pick('linux', 'arm64')).toEqual(['linux-arm64', {}])
    expect(pick('freebsd', 'x64')).toBeNull()
  })

  it('reports no GPU runtime on a platform it cannot probe', () => {
    expect(detect('aix')).toEqual({ vulkan: false, cuda: false })
  })

  it('installed this machine’s engine without the optional CUDA and Vulkan packages', () => {
    // postinstall ran with the project's install: the CPU backend is there, and a GPU one only
    // when this machine has its runtime.
    const modules = join(root, 'engine', 'node_modules', '@node-llama-cpp')
    expect(existsSync(join(root, 'engine', 'node_modules', 'node-llama-cpp', 'package.json'))).toBe(true)
    const choice = JSON.parse(readFileSync(join(root, 'engine', 'backends.json'), 'utf8')) as { packages: string[]; detected: { vulkan: boolean; cuda: boolean } }
    const [cpu] = pick(process.platform, process.arch) ?? ['none']
    expect(choice.packages).toContain(`@node-llama-cpp/${cpu}`)
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(existsSync(join(modules, 'linux-x64-cuda'))).toBe(choice.detected.cuda)
      expect(existsSync(join(modules, 'linux-x64-cuda-ext'))).toBe(false)
      expect(existsSync(join(modules, 'linux-x64-vulkan'))).toBe(choice.detected.vulkan)
      expect(existsSync(join(modules, 'linux-arm64'))).toBe(false)
    }
  })
})
