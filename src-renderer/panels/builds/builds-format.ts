// Words and numbers for the Builds UI: elapsed times, sizes, phases and states. Pure, so the
// rules are unit-tested without a DOM.
import type { BuildPhase, BuildRecord, BuildState } from '../../../src-preload/contract'

/** `0.4 s`, `12.3 s`, `2:05`, `1:02:03`: tenths under a minute, then a clock. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`
  const total = Math.floor(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

/** Binary sizes as people read them: `812 B`, `1.5 KB`, `23.4 MB`, `118 MB` (3 significant digits). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—'
  const neg = bytes < 0
  let v = Math.abs(bytes)
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  const text = u === 0 ? String(Math.round(v)) : v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2)
  return `${neg ? '−' : ''}${text} ${UNITS[u]}`
}

/** A size change with its sign: `+1.5 KB`, `−812 B`, `±0 B`. */
export function formatDelta(delta: number): string {
  if (delta === 0) return '±0 B'
  return delta > 0 ? `+${formatBytes(delta)}` : formatBytes(delta)
}

export const PHASE_LABEL: Record<BuildPhase, string> = {
  queued: 'Queued',
  compiling: 'Compiling',
  trimming: 'Trimming',
  linking: 'Linking',
  bundling: 'Bundling',
  done: 'Done',
}

export const STATE_LABEL: Record<BuildState, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
}

/** When a build ended (or now, while it runs) minus when it started. */
export const elapsedOf = (r: Pick<BuildRecord, 'startedAt' | 'endedAt'>, now: number): number => Math.max(0, (r.endedAt ?? now) - r.startedAt)

/** One line about a build for its card and the status bar: `Trimming · 12.3 s`, `Failed: 3 errors, 1 warning`. */
export function buildHeadline(r: BuildRecord, now: number): string {
  const time = formatElapsed(elapsedOf(r, now))
  switch (r.state) {
    case 'running':
      // Between attempts the phase is back to 'queued': say it is a retry, not a fresh wait.
      if (r.attempt > 1) return `${r.phase === 'queued' ? 'Retrying' : PHASE_LABEL[r.phase]} (try ${r.attempt} of 3) · ${time}`
      return `${PHASE_LABEL[r.phase]} · ${time}`
    case 'succeeded':
      // Errors in a success come from --trim=unsafe-warn: reported, not fatal, and not to be hidden.
      if (r.errors > 0) return `Succeeded in ${time} · ${plural(r.errors, 'error')}${r.warnings > 0 ? `, ${plural(r.warnings, 'warning')}` : ''} reported`
      return `Succeeded in ${time}${r.warnings > 0 ? ` · ${plural(r.warnings, 'warning')}` : ''}`
    case 'failed': {
      const counts = r.errors + r.warnings > 0 ? `: ${[r.errors > 0 ? plural(r.errors, 'error') : '', r.warnings > 0 ? plural(r.warnings, 'warning') : ''].filter(Boolean).join(', ')}` : ''
      return `Failed after ${time}${counts}`
    }
    case 'cancelled':
      return `Cancelled after ${time}`
    case 'skipped':
      return 'Skipped: up to date'
  }
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** `14:03` today, else `Mar 4 14:03`. */
export function formatWhen(at: number, now: number = Date.now()): string {
  const d = new Date(at)
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
  const today = new Date(now)
  if (d.toDateString() === today.toDateString()) return hm
  return `${d.toLocaleString('en', { month: 'short' })} ${d.getDate()} ${hm}`
}

/** The module name the template gives an app (main's moduleNameFor): `my-app` -> `my_app`, never a keyword. */
export function moduleNameFor(name: string): string {
  const m = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z_]/, '_')
  return JULIA_KEYWORDS.has(m) ? `${m}App` : m
}
const JULIA_KEYWORDS = new Set(['baremodule', 'begin', 'break', 'catch', 'const', 'continue', 'do', 'else', 'elseif', 'end', 'export', 'false', 'finally', 'for', 'function', 'global', 'if', 'import', 'let', 'local', 'macro', 'module', 'quote', 'return', 'struct', 'true', 'try', 'using', 'while'])
