// All GPU sources behind one call: sysfs read on each sample, rocm-smi and amd-smi polled in the
// background at a low rate, nvidia-smi streaming from one long-lived process. Never throws.
import type { MonitorGpu, MonitorSource } from '../../../../src-preload/contract'
import { parseAmdSmiMetric } from './amd-smi'
import { mergeGpus } from './merge'
import { NvidiaStream } from './nvidia-stream'
import { PolledTool } from './polled-tool'
import { parseRocmSmiJson } from './rocm-smi'
import { AMD_VENDOR, NVIDIA_VENDOR, readSysfs, type SysfsReading } from './sysfs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'

export type GpuSourceOptions = {
  sysRoot?: string // default '/sys'
  env?: NodeJS.ProcessEnv // PATH for tools
  toolIntervalMs?: number // how often rocm-smi / amd-smi run (default 5000): slow tools, low rate
  toolTimeoutMs?: number // default 3000; a hung tool is killed and marked failing
  nvidiaIntervalMs?: number // nvidia-smi -lms N (default 1000)
  replay?: { rocmSmi?: string; amdSmi?: string; nvidiaSmi?: string; sysfs?: string } // files/dir instead of the live machine
}

const ROCM_BIN = '/opt/rocm/bin'
export const ROCM_SMI_ARGS = ['--showuse', '--showmeminfo', 'vram', 'gtt', '--showtemp', '--showpower', '--json']
export const AMD_SMI_ARGS = ['metric', '--json']

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false)

export class GpuSources {
  private readonly sysRoot: string | null
  private readonly rocm: PolledTool
  private readonly amd: PolledTool
  private readonly nvidia: NvidiaStream
  private readonly replay: boolean
  private first = true
  private nvidiaDriver: boolean | null = null

  constructor(private readonly o: GpuSourceOptions = {}) {
    this.replay = o.replay !== undefined
    this.sysRoot = this.replay ? (o.replay?.sysfs ?? null) : (o.sysRoot ?? '/sys')
    const env = o.env ?? process.env
    const timeoutMs = o.toolTimeoutMs ?? 3000
    const intervalMs = o.toolIntervalMs ?? 5000
    this.rocm = new PolledTool(
      { id: 'rocm-smi', args: ROCM_SMI_ARGS, places: [`${ROCM_BIN}/rocm-smi`], parse: parseRocmSmiJson },
      { env, intervalMs, timeoutMs, ...(o.replay?.rocmSmi !== undefined ? { replayFile: o.replay.rocmSmi } : {}) },
    )
    this.amd = new PolledTool(
      { id: 'amd-smi', args: AMD_SMI_ARGS, places: [`${ROCM_BIN}/amd-smi`], parse: parseAmdSmiMetric },
      { env, intervalMs, timeoutMs, ...(o.replay?.amdSmi !== undefined ? { replayFile: o.replay.amdSmi } : {}) },
    )
    this.nvidia = new NvidiaStream({
      env,
      intervalMs: o.nvidiaIntervalMs ?? 1000,
      timeoutMs,
      ...(o.replay?.nvidiaSmi !== undefined ? { replayFile: o.replay.nvidiaSmi } : {}),
    })
  }

  async sample(): Promise<{ gpus: MonitorGpu[]; sources: MonitorSource[] }> {
    try {
      return await this.sampleOnce()
    } catch (e) {
      // Not expected (every reader catches its own errors): still, a monitor must keep answering.
      const message = `GPU sources failed: ${e instanceof Error ? e.message : String(e)}`
      return { gpus: [], sources: [{ id: 'sysfs', state: 'failing', message, fix: null }] }
    }
  }

  dispose(): void {
    this.rocm.dispose()
    this.amd.dispose()
    this.nvidia.dispose()
  }

  private async sampleOnce(): Promise<{ gpus: MonitorGpu[]; sources: MonitorSource[] }> {
    const now = Date.now()
    const sys: SysfsReading = this.sysRoot === null ? { drmReadable: false, gpus: [], vendors: [] } : await readSysfs(this.sysRoot)
    // A vendor's tool is worth running unless sysfs shows there is no GPU of that vendor.
    const amdPresent = !sys.drmReadable || sys.vendors.includes(AMD_VENDOR)
    const nvidiaPresent = !sys.drmReadable || sys.vendors.includes(NVIDIA_VENDOR) || (await this.nvidiaDriverLoaded())
    const use = {
      rocm: this.replay ? this.o.replay?.rocmSmi !== undefined : amdPresent,
      amd: this.replay ? this.o.replay?.amdSmi !== undefined : amdPresent,
      nvidia: this.replay ? this.o.replay?.nvidiaSmi !== undefined : nvidiaPresent,
    }
    if (use.rocm) this.rocm.tick(now)
    if (use.amd) this.amd.tick(now)
    if (use.nvidia) await this.nvidia.tick(now)
    if (this.first) {
      // The first sample waits for the tools' first answers (bounded by their timeout), so a
      // one-shot reading (`kiln monitor --once`) is complete; later samples never wait.
      this.first = false
      await Promise.all([this.rocm.settle(), this.amd.settle()])
    }
    const off = (id: MonitorSource['id'], why: string): MonitorSource => ({ id, state: 'off', message: why, fix: null })
    const offWhy = (vendor: string): string => (this.replay ? 'not replayed' : `no ${vendor} GPU in ${this.sysRoot}/class/drm`)
    const rocm = use.rocm ? this.rocm.result() : { gpus: [], source: off('rocm-smi', offWhy('AMD')) }
    const amd = use.amd ? this.amd.result() : { gpus: [], source: off('amd-smi', offWhy('AMD')) }
    const nvidia = use.nvidia ? this.nvidia.result(Date.now()) : { gpus: [], source: off('nvidia-smi', offWhy('NVIDIA')) }
    return {
      gpus: mergeGpus(sys.gpus, [{ id: 'rocm-smi', gpus: rocm.gpus }, { id: 'amd-smi', gpus: amd.gpus }], nvidia.gpus),
      sources: [this.sysfsSource(sys), rocm.source, amd.source, nvidia.source],
    }
  }

  private sysfsSource(sys: SysfsReading): MonitorSource {
    if (this.sysRoot === null) return { id: 'sysfs', state: 'off', message: 'not replayed', fix: null }
    if (!sys.drmReadable) return { id: 'sysfs', state: 'missing', message: `${this.sysRoot}/class/drm cannot be read (not Linux, or no GPU driver)`, fix: null }
    if (sys.gpus.length === 0) return { id: 'sysfs', state: 'off', message: `no AMD GPU in ${this.sysRoot}/class/drm`, fix: null }
    return { id: 'sysfs', state: 'ok', message: `AMD GPU${sys.gpus.length > 1 ? 's' : ''}: ${sys.gpus.map((g) => g.id).join(', ')}`, fix: null }
  }

  /** The NVIDIA kernel driver can be loaded without a DRM card (headless servers): asked once. */
  private async nvidiaDriverLoaded(): Promise<boolean> {
    if (this.nvidiaDriver === null && this.sysRoot !== null) this.nvidiaDriver = await exists(join(this.sysRoot, 'module', 'nvidia'))
    return this.nvidiaDriver ?? false
  }
}
