// llama-server and the GPU tools. Each output format is noted beside its parser, with the public
// source of the recorded output the tests replay (test/doctor/fixtures/SOURCES.md).
import type { DoctorProbe } from '../../../src-preload/contract'
import { broken, found, locate, missing, run, whyFailed, type ProbeContext } from './context'

const ROCM_BIN = '/opt/rocm/bin'

export const FIX = {
  llamaServer:
    'build llama.cpp: git clone https://github.com/ggml-org/llama.cpp && cd llama.cpp && ' +
    'cmake -B build -DGGML_HIP=ON (ROCm; or -DGGML_VULKAN=ON) && cmake --build build --config Release -t llama-server, ' +
    'then set inference.llamaServerPath to build/bin/llama-server',
  rocmSmi: 'install ROCm’s rocm-smi (Debian/Ubuntu: sudo apt install rocm-smi); only for AMD GPUs',
  amdSmi: 'install ROCm’s amd-smi (from the ROCm repository: sudo apt install amd-smi-lib); only for AMD GPUs',
  amdDriver: 'load the amdgpu kernel driver: sudo modprobe amdgpu (see `sudo dmesg | grep amdgpu` if it fails)',
  nvidiaSmi: 'install the NVIDIA driver (it brings nvidia-smi); only for NVIDIA GPUs',
  nvidiaDriver: 'load the NVIDIA driver: reboot after installing it, or see `sudo dmesg | grep -i nvidia`',
  vulkan: 'sudo apt install vulkan-tools mesa-vulkan-drivers',
} as const

const LLAMA = { id: 'llama-server', label: 'llama-server (llama.cpp)' }
const ROCM_SMI = { id: 'rocm-smi', label: 'rocm-smi' }
const AMD_SMI = { id: 'amd-smi', label: 'amd-smi' }
const NVIDIA_SMI = { id: 'nvidia-smi', label: 'nvidia-smi' }
const VULKAN = { id: 'vulkaninfo', label: 'vulkaninfo (Vulkan)' }

/** rocm-smi and amd-smi say this when the amdgpu driver is not loaded (ROCm/amdsmi#172). */
const DRIVER_NOT_LOADED = /driver not initialized/i

/**
 * `llama-server --version` prints, on stderr, e.g.
 *   version: 4589 (e9c41f8f)                     or  version: 0.4.1-dev (build 10991, commit 930e2fa59)
 *   built with cc (Debian 12.2.0-14) 12.2.0 for x86_64-linux-gnu
 * (ggml-org/llama.cpp#28971), possibly after ggml backend lines.
 */
export async function probeLlamaServer(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'llama-server', { setting: 'inference.llamaServerPath' })
  if (!loc) return missing(LLAMA, 'llama-server is not on PATH and inference.llamaServerPath is not set', FIX.llamaServer)
  if ('error' in loc) return broken(LLAMA, loc.error, loc.fix)
  const r = await run(ctx, loc.path, ['--version'])
  const text = `${r.stdout}\n${r.stderr}`
  const version = /^version:\s*(.+)$/m.exec(text)?.[1]?.trim()
  if (r.code !== 0 || !version) return broken(LLAMA, whyFailed(`${loc.path} --version`, r), FIX.llamaServer, { path: loc.path })
  const built = /^built with (.+)$/m.exec(text)?.[1]?.trim()
  return found(LLAMA, `llama-server ${version}${built ? `, built with ${built}` : ''} (${loc.via})`, { version, path: loc.path })
}

/**
 * `rocm-smi --showproductname` prints "GPU[0] : Card Series: AMD Radeon Graphics" lines. Debian's
 * rocm-smi without a loaded driver exits 0 with nothing on stdout and "ERROR:root:Driver not
 * initialized (amdgpu not found in modules)" on stderr: found, but not working.
 */
export async function probeRocmSmi(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'rocm-smi', { places: [`${ROCM_BIN}/rocm-smi`] })
  if (!loc || 'error' in loc) return missing(ROCM_SMI, 'rocm-smi is not on PATH or in /opt/rocm/bin', FIX.rocmSmi)
  const r = await run(ctx, loc.path, ['--showproductname'])
  if (DRIVER_NOT_LOADED.test(r.stderr) || DRIVER_NOT_LOADED.test(r.stdout)) {
    const said = `${r.stderr}\n${r.stdout}`.split('\n').find((l) => DRIVER_NOT_LOADED.test(l))?.trim() ?? ''
    return broken(ROCM_SMI, `found, but the amdgpu driver is not loaded (rocm-smi: ${said})`, FIX.amdDriver, { path: loc.path })
  }
  const series = [...r.stdout.matchAll(/GPU\[\d+\]\s*:\s*Card Series:\s*(.+)$/gim)].map((m) => m[1]!.trim())
  if (r.code === 0 && series.length > 0) {
    const names = [...new Set(series)].join(', ')
    return found(ROCM_SMI, `${series.length} GPU${series.length > 1 ? 's' : ''}: ${names}`, { path: loc.path })
  }
  const detail = r.code === 0 && !r.failure ? 'found, but it reported no GPU' : whyFailed(`${loc.path} --showproductname`, r)
  return broken(ROCM_SMI, detail, FIX.amdDriver, { path: loc.path })
}

/**
 * `amd-smi version` prints "AMDSMI Tool: 24.6.2+2b02a07 | AMDSMI Library version: 24.6.2.0 |
 * ROCm version: 6.2.0"; without the driver it also prints ERROR:root lines and "ROCm version: N/A".
 */
export async function probeAmdSmi(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'amd-smi', { places: [`${ROCM_BIN}/amd-smi`] })
  if (!loc || 'error' in loc) return missing(AMD_SMI, 'amd-smi is not on PATH or in /opt/rocm/bin', FIX.amdSmi)
  const r = await run(ctx, loc.path, ['version'])
  const tool = /AMDSMI Tool:\s*([^\s|]+)/i.exec(r.stdout)?.[1]
  const rocm = /ROCm version:\s*([^\s|]+)/i.exec(r.stdout)?.[1]
  if (DRIVER_NOT_LOADED.test(r.stderr)) {
    return broken(AMD_SMI, 'found, but the amdgpu driver is not loaded (amd-smi: driver not initialized)', FIX.amdDriver, {
      path: loc.path,
      ...(tool ? { version: tool } : {}),
    })
  }
  if (r.code !== 0 || !tool) return broken(AMD_SMI, whyFailed(`${loc.path} version`, r), FIX.amdSmi, { path: loc.path })
  return found(AMD_SMI, `amd-smi ${tool}${rocm && rocm !== 'N/A' ? `, ROCm ${rocm}` : ''}`, { version: tool, path: loc.path })
}

/**
 * `nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader` prints one line
 * per GPU: "NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15". Without a running driver it exits 9 with
 * "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. ...".
 */
export async function probeNvidiaSmi(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'nvidia-smi')
  if (!loc || 'error' in loc) return missing(NVIDIA_SMI, 'nvidia-smi is not on PATH', FIX.nvidiaSmi)
  const r = await run(ctx, loc.path, ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader'])
  const gpus = r.code === 0 ? r.stdout.split('\n').map((l) => l.split(',').map((f) => f.trim())).filter((f) => f.length >= 3 && f[0]) : []
  if (gpus.length === 0) {
    const noDriver = /couldn't communicate with the NVIDIA driver/i.test(r.stdout + r.stderr)
    const detail = noDriver ? 'found, but the NVIDIA driver is not running' : whyFailed(`${loc.path} --query-gpu`, r)
    return broken(NVIDIA_SMI, detail, noDriver ? FIX.nvidiaDriver : FIX.nvidiaSmi, { path: loc.path })
  }
  const detail = gpus.map(([name, mem]) => `${name} (${mem})`).join(', ')
  return found(NVIDIA_SMI, detail, { version: gpus[0]![2], path: loc.path })
}

/**
 * `vulkaninfo --summary` prints "Vulkan Instance Version: 1.3.280" and, under "Devices:", blocks
 * of "GPU0:" followed by "deviceType = PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU" and "deviceName = …"
 * (KhronosGroup/Vulkan-Tools#1195, nix-community/nixGL#153). Without a driver: "Cannot create
 * Vulkan instance." and a non-zero exit (GPUOpen-Drivers/AMDVLK#348).
 */
export async function probeVulkan(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'vulkaninfo')
  if (!loc || 'error' in loc) return missing(VULKAN, 'vulkaninfo is not on PATH', FIX.vulkan)
  const r = await run(ctx, loc.path, ['--summary'])
  const version = /Vulkan Instance Version:\s*(\S+)/i.exec(r.stdout)?.[1]
  const devices = parseVulkanDevices(r.stdout)
  if (r.code !== 0 || devices.length === 0) {
    const noDriver = /Cannot create Vulkan instance/i.test(r.stdout + r.stderr)
    const detail = noDriver ? 'found, but no Vulkan driver works (Cannot create Vulkan instance)' : whyFailed(`${loc.path} --summary`, r)
    return broken(VULKAN, detail, FIX.vulkan, { path: loc.path })
  }
  const gpus = devices.filter((d) => !/CPU/i.test(d.type))
  if (gpus.length === 0) {
    return broken(VULKAN, `only a software device: ${devices.map((d) => d.name).join(', ')}`, FIX.vulkan, {
      path: loc.path,
      ...(version ? { version } : {}),
    })
  }
  return found(VULKAN, gpus.map((d) => d.name).join(', '), { path: loc.path, ...(version ? { version } : {}) })
}

export function parseVulkanDevices(text: string): { name: string; type: string }[] {
  const devices: { name: string; type: string }[] = []
  for (const block of text.split(/^GPU\d+:\s*$/m).slice(1)) {
    const name = /deviceName\s*=\s*(.+)$/m.exec(block)?.[1]?.trim()
    const type = /deviceType\s*=\s*(\S+)/.exec(block)?.[1] ?? ''
    if (name) devices.push({ name, type })
  }
  return devices
}
