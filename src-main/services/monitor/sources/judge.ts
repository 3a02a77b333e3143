// What a tool's run means for its source: its GPUs, or a state and a message a user can act on.
import type { MonitorSource, MonitorSourceId } from '../../../../src-preload/contract'
import type { ExecResult } from '../../doctor/exec'
import { FIX } from '../../doctor/probes-gpu'
import type { ParseResult, ToolGpu } from './types'

/** rocm-smi and amd-smi say this when the amdgpu driver is not loaded (ROCm/amdsmi#172; Debian's rocm-smi exits 0 with it on stderr). */
const DRIVER_NOT_LOADED = /driver not initialized/i
const NVIDIA_NO_DRIVER = /couldn't communicate with the NVIDIA driver/i

export type Judged = { ok: true; gpus: ToolGpu[]; message: string } | { ok: false; source: MonitorSource }

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`
const firstLine = (text: string): string => (text.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 200)

export function judgeRun(id: MonitorSourceId, r: ExecResult, parse: (stdout: string) => ParseResult, o: { timeoutMs: number; fix: string; driverFix: string }): Judged {
  const failing = (message: string, fix: string = o.fix): Judged => ({ ok: false, source: { id, state: 'failing', message, fix } })
  if (r.failure === 'missing') return { ok: false, source: { id, state: 'missing', message: `${id} is not installed`, fix: o.fix } }
  if (r.failure === 'timeout') return failing(`${id} gave no answer within ${seconds(o.timeoutMs)} and was stopped`)
  if (r.failure) return failing(`${id} could not run: ${r.failureMessage ?? r.failure}`)
  const said = `${r.stderr}\n${r.stdout}`.split('\n').find((l) => DRIVER_NOT_LOADED.test(l))
  if (said !== undefined) return failing(`the amdgpu driver is not loaded (${id}: ${said.replace(/^ERROR:root:/, '').trim()})`, o.driverFix)
  if (NVIDIA_NO_DRIVER.test(r.stdout + r.stderr)) return failing(`the NVIDIA driver is not running (${id}: ${firstLine(r.stdout + r.stderr)})`, o.driverFix)
  if (r.code !== 0) {
    const why = firstLine(r.stderr) || firstLine(r.stdout)
    return failing(`${id} exited with code ${r.code}${why ? `: ${why}` : ''}`)
  }
  if (r.stdout.trim() === '') {
    const why = firstLine(r.stderr)
    return failing(`${id} printed nothing${why ? ` (stderr: ${why})` : ''}`)
  }
  const parsed = parse(r.stdout)
  if ('error' in parsed) return failing(`${id} ${parsed.error}`)
  const n = parsed.gpus.length
  return { ok: true, gpus: parsed.gpus, message: `${n} GPU${n === 1 ? '' : 's'}` }
}

export const TOOL_FIX: Record<'rocm-smi' | 'amd-smi' | 'nvidia-smi', { fix: string; driverFix: string }> = {
  'rocm-smi': { fix: FIX.rocmSmi, driverFix: FIX.amdDriver },
  'amd-smi': { fix: FIX.amdSmi, driverFix: FIX.amdDriver },
  'nvidia-smi': { fix: FIX.nvidiaSmi, driverFix: FIX.nvidiaDriver },
}
