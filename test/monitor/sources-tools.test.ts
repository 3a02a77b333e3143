// The live path with fake tools on PATH: small shell scripts that behave like rocm-smi, amd-smi
// and nvidia-smi do when missing, failing, hanging, printing garbage or running without a driver.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FIX } from '../../src-main/services/doctor/probes-gpu'
import { GpuSources } from '../../src-main/services/monitor/sources/gpu-sources'
import { callsOf, fakeSysfs, fakeTool, pidOf } from '../doctor/fake-tools'

const APU_SYS = join(__dirname, '..', 'fixtures', 'sysfs-apu', 'sys')
const fx = (name: string): { text: string } => ({ text: readFileSync(join(__dirname, '..', 'fixtures', 'monitor', name), 'utf8') })
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let dir: string
let bin: string
const live: GpuSources[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-gpu-tools-'))
  bin = join(dir, 'bin')
  mkdirSync(bin)
})
afterEach(() => {
  for (const s of live.splice(0)) s.dispose()
  rmSync(dir, { recursive: true, force: true })
})
const sources = (o: ConstructorParameters<typeof GpuSources>[0] = {}): GpuSources => {
  const s = new GpuSources({ sysRoot: APU_SYS, env: { PATH: bin }, toolIntervalMs: 100, toolTimeoutMs: 500, ...o })
  live.push(s)
  return s
}
const source = (r: Awaited<ReturnType<GpuSources['sample']>>, id: string) => r.sources.find((s) => s.id === id)
const running = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('rocm-smi and amd-smi on PATH', () => {
  it('runs rocm-smi with the documented arguments and merges its figures into the sysfs card', async () => {
    fakeTool(bin, 'rocm-smi', { stdout: fx('rocm-smi-780m-apu.json') })
    fakeTool(bin, 'amd-smi', { stdout: fx('amd-smi-metric-array.json') })
    const r = await sources().sample()
    expect(callsOf(bin, 'rocm-smi')).toEqual([['--showuse', '--showmeminfo', 'vram', 'gtt', '--showtemp', '--showpower', '--json']])
    expect(callsOf(bin, 'amd-smi')).toEqual([['metric', '--json']])
    expect(source(r, 'rocm-smi')).toEqual({ id: 'rocm-smi', state: 'ok', message: '1 GPU', fix: null })
    expect(r.gpus.find((g) => g.id === 'card1')?.sources).toEqual(['sysfs', 'amd-smi'])
  })

  it('says a missing tool is missing, with the install command, and the rest still answers', async () => {
    const r = await sources().sample()
    expect(source(r, 'rocm-smi')).toEqual({ id: 'rocm-smi', state: 'missing', message: 'rocm-smi is not in PATH or /opt/rocm/bin', fix: FIX.rocmSmi })
    expect(source(r, 'amd-smi')).toMatchObject({ state: 'missing', fix: FIX.amdSmi })
    expect(r.gpus).toHaveLength(1)
    expect(r.gpus[0]).toMatchObject({ id: 'card1', gttUsed: 20 * 2 ** 30 })
  })

  it('reports Debian’s rocm-smi without a driver (exit 0, nothing on stdout) as failing, with the driver fix', async () => {
    fakeTool(bin, 'rocm-smi', { stderr: fx('rocm-smi-no-driver.stderr') })
    const r = await sources().sample()
    expect(source(r, 'rocm-smi')).toEqual({
      id: 'rocm-smi',
      state: 'failing',
      message: 'the amdgpu driver is not loaded (rocm-smi: Driver not initialized (amdgpu not found in modules))',
      fix: FIX.amdDriver,
    })
    expect(r.gpus[0]!.sources).toEqual(['sysfs'])
  })

  it.each([
    ['exits 1', { code: 1, stderr: { text: 'Segmentation fault\n' } }, 'rocm-smi exited with code 1: Segmentation fault'],
    ['prints HTML', { stdout: fx('garbage-proxy.html') }, /^rocm-smi printed something that is not JSON: <!DOCTYPE html>/],
    ['prints truncated JSON', { stdout: fx('garbage-truncated.json') }, /not JSON/],
    ['prints nothing', {}, 'rocm-smi printed nothing'],
  ])('marks a tool that %s as failing, in words', async (_what, behaviour, message) => {
    fakeTool(bin, 'rocm-smi', behaviour)
    const r = await sources().sample()
    expect(source(r, 'rocm-smi')).toMatchObject({ state: 'failing', message: expect.stringMatching(message), fix: FIX.rocmSmi })
  })

  it('kills a hung tool at its time limit; the first sample still answers within it', async () => {
    fakeTool(bin, 'rocm-smi', { hang: true })
    const s = sources({ toolTimeoutMs: 400 })
    const t0 = Date.now()
    const r = await s.sample()
    expect(Date.now() - t0).toBeLessThan(1500)
    expect(source(r, 'rocm-smi')).toMatchObject({ state: 'failing', message: 'rocm-smi gave no answer within 0.4 s and was stopped' })
    expect(r.gpus).toHaveLength(1)
    const sleeper = pidOf(bin, 'rocm-smi')
    for (let i = 0; i < 100 && running(sleeper); i++) await sleep(20)
    expect(running(sleeper)).toBe(false)
    // Later samples never wait for a tool.
    const t1 = Date.now()
    await s.sample()
    expect(Date.now() - t1).toBeLessThan(200)
  })

  it('retries a failing tool only at a sixth of its rate, while a working one runs at its rate', async () => {
    fakeTool(bin, 'rocm-smi', { code: 1 })
    fakeTool(bin, 'amd-smi', { stdout: fx('amd-smi-metric-array.json') })
    const s = sources({ toolIntervalMs: 100 })
    const until = Date.now() + 1000
    while (Date.now() < until) {
      await s.sample()
      await sleep(25)
    }
    const failing = callsOf(bin, 'rocm-smi').length
    const working = callsOf(bin, 'amd-smi').length
    expect(failing).toBeGreaterThanOrEqual(1)
    expect(failing).toBeLessThanOrEqual(2) // at 0 ms and, at most, once more after 600 ms
    expect(working).toBeGreaterThanOrEqual(5)
  })

  it('leaves AMD tools off when sysfs shows no AMD GPU', async () => {
    fakeTool(bin, 'rocm-smi', { stderr: fx('rocm-smi-no-driver.stderr') })
    const root = fakeSysfs(join(dir, 'sys'), {})
    const r = await sources({ sysRoot: root }).sample()
    expect(source(r, 'rocm-smi')).toMatchObject({ state: 'off', message: expect.stringMatching(/no AMD GPU/) })
    expect(source(r, 'sysfs')).toMatchObject({ state: 'off' })
    expect(callsOf(bin, 'rocm-smi')).toEqual([])
  })
})

describe('nvidia-smi, one long-lived process', () => {
  const nvidiaSys = (): string => {
    const root = fakeSysfs(join(dir, 'sys'), {})
    mkdirSync(join(root, 'class', 'drm', 'card0', 'device'), { recursive: true })
    writeFileSync(join(root, 'class', 'drm', 'card0', 'device', 'vendor'), '0x10de\n')
    return root
  }
  const script = (body: string): void => {
    const file = join(bin, 'nvidia-smi')
    writeFileSync(file, `#!/bin/sh\nPATH=/usr/bin:/bin\necho "$@" >> ${join(bin, '.nvidia.calls')}\necho $$ > ${join(bin, '.nvidia.pid')}\n${body}\n`)
    chmodSync(file, 0o755)
  }
  const calls = (): string[] => {
    try {
      return readFileSync(join(bin, '.nvidia.calls'), 'utf8').trim().split('\n')
    } catch {
      return []
    }
  }

  it('parses lines as they stream from a single process, and dispose kills it', async () => {
    script('while true; do echo "0, NVIDIA H100 80GB HBM3, 12, 1024, 81559, 35, 70.50"; sleep 0.05; done')
    const s = sources({ sysRoot: nvidiaSys(), nvidiaIntervalMs: 100 })
    await s.sample()
    await sleep(300)
    const r = await s.sample()
    expect(r.gpus).toEqual([
      expect.objectContaining({ id: 'nvidia0', vendor: 'nvidia', name: 'NVIDIA H100 80GB HBM3', busyPercent: 12, vramTotal: 81559 * 2 ** 20, temperatureC: 35, powerW: 70.5, sources: ['nvidia-smi'] }),
    ])
    expect(source(r, 'nvidia-smi')).toMatchObject({ state: 'ok' })
    expect(calls()).toEqual(['--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits -lms 100'])
    const pid = Number(readFileSync(join(bin, '.nvidia.pid'), 'utf8'))
    s.dispose()
    for (let i = 0; i < 100 && running(pid); i++) await sleep(20)
    expect(running(pid)).toBe(false)
  })

  it('reports no driver (exit 9) with the driver fix, and does not restart it within 30 s', async () => {
    script(`cat <<'EOF'\n${fx('nvidia-smi-no-driver.stdout').text.trim()}\nEOF\nexit 9`)
    const s = sources({ sysRoot: nvidiaSys() })
    await s.sample()
    await sleep(200)
    let r = await s.sample()
    for (let i = 0; i < 5; i++) {
      await sleep(50)
      r = await s.sample()
    }
    expect(source(r, 'nvidia-smi')).toMatchObject({ state: 'failing', message: expect.stringMatching(/NVIDIA driver is not running.*restarting it within 30 s/), fix: FIX.nvidiaDriver })
    expect(calls()).toHaveLength(1)
  })

  it('says nvidia-smi is missing when an NVIDIA GPU is there, and off when none is', async () => {
    expect(source(await sources({ sysRoot: nvidiaSys() }).sample(), 'nvidia-smi')).toMatchObject({ state: 'missing', fix: FIX.nvidiaSmi })
    expect(source(await sources().sample(), 'nvidia-smi')).toMatchObject({ state: 'off', message: expect.stringMatching(/no NVIDIA GPU/) })
  })

  it('marks garbage on the stream as failing', async () => {
    script('while true; do echo "<html>not csv</html>"; sleep 0.05; done')
    const s = sources({ sysRoot: nvidiaSys(), nvidiaIntervalMs: 100 })
    await s.sample()
    await sleep(200)
    expect(source(await s.sample(), 'nvidia-smi')).toMatchObject({ state: 'failing', message: expect.stringMatching(/not the CSV asked for: <html>/) })
  })
})
