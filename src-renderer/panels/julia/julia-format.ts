// Words and images for the Julia UI (status bar, REPL banner, plot pane). Pure: unit-tested.
import type { EnvironmentInfo, JuliaEnvironment, JuliaStatus, RichResult } from '../../../src-preload/contract'

/** 850 → '850 ms', 1234 → '1.23 s', 61000 → '61.0 s'. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?'
  if (ms < 1000) return `${Math.round(ms)} ms`
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`
}

export const juliaVersion = (s: JuliaStatus): string => (s.install ? `Julia ${s.install.version}` : 'Julia')

/** The status bar's text for the REPL's state. */
export function stateLabel(s: JuliaStatus): string {
  switch (s.state) {
    case 'missing':
      return 'Julia not found'
    case 'stopped':
      return juliaVersion(s)
    case 'starting':
      return `${juliaVersion(s)}: starting…`
    case 'ready':
      return juliaVersion(s)
    case 'busy':
      return `${juliaVersion(s)}: busy`
    case 'exited':
      return `${juliaVersion(s)}: exited`
  }
}

/** The environment's name as the picker lists it; a workspace folder's label, else its key. */
export function environmentLabel(key: string, envs: readonly JuliaEnvironment[] | undefined): string {
  const found = envs?.find((e) => e.key === key)
  if (found) return found.label
  if (key === '') return 'workspace'
  return key
}

/** A short name for the status bar: the project's name when the environment has one, else its label without the note in brackets. */
export function shortEnvironmentName(key: string, envs: readonly JuliaEnvironment[] | undefined, info: EnvironmentInfo | null): string {
  if (info && info.key === key && info.name) return info.name
  return environmentLabel(key, envs).replace(/\s*\([^)]*\)$/, '') || 'workspace'
}

/** The status bar item's tooltip: where Julia is, how it runs, and what an old version cannot do. */
export function statusTooltip(s: JuliaStatus): string {
  if (s.state === 'missing') return s.problem ? `${s.problem.message}\nInstall: ${s.problem.fix}` : 'Julia was not found'
  const lines: string[] = []
  if (s.install) lines.push(`${juliaVersion(s)} (${s.install.path}, found via ${s.install.via}${s.install.channel ? `, channel +${s.install.channel}` : ''})`)
  const state = { stopped: 'Not started: click to start the REPL', starting: 'Starting…', ready: 'Ready', busy: 'Evaluating…', exited: 'Exited' }[s.state]
  lines.push(state)
  if (s.pid !== null && (s.state === 'ready' || s.state === 'busy')) lines.push(`pid ${s.pid}${s.threads !== null ? `, ${s.threads} threads` : ''}`)
  if (s.startupMs !== null) lines.push(`Started in ${formatDuration(s.startupMs)}`)
  if (s.project) lines.push(`Project: ${s.project}`)
  if (s.exit) lines.push(`Last exit: code ${s.exit.code}${s.exit.signal ? `, signal ${s.exit.signal}` : ''}`)
  if (s.versionNote) lines.push(s.versionNote)
  return lines.join('\n')
}

/** How an unexpected exit reads in the REPL tab's banner. */
export function exitHeadline(s: JuliaStatus): string {
  const e = s.exit
  if (!e) return 'Julia exited'
  const signal = e.signal ? ` (signal ${e.signal})` : ''
  return `Julia exited unexpectedly with code ${e.code}${signal}`
}

/** The last lines of output for the banner (at most `max`, trailing blanks dropped, colours stripped). */
export function lastLines(text: string, max = 8): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')
  const lines = plain.split('\n').map((l) => l.trimEnd())
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.slice(-max).join('\n')
}

/** base64 of a string's UTF-8 bytes, in chunks (a large SVG would overflow apply's argument list). */
export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/**
 * An image's data URL for an <img>. SVG goes in as an image too, never as markup in the page: in
 * an <img> its scripts do not run and it cannot reach the document (and the CSP allows data: images).
 */
export function plotDataUrl(rich: RichResult): string {
  if (rich.mime === 'image/png') return `data:image/png;base64,${rich.data.replace(/\s+/g, '')}`
  return `data:image/svg+xml;base64,${utf8ToBase64(rich.data)}`
}
