// Test doubles for the doctor: tiny shell scripts that replay recorded tool output, a fake sysfs
// tree and a fake /proc. The product code runs them exactly as it runs the real tools.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const fixture = (name: string): string => join(__dirname, 'fixtures', name)

export type Behaviour = {
  /** Recorded output: a fixture file name, or `{ text }` for a literal. */
  stdout?: string | { text: string }
  stderr?: string | { text: string }
  code?: number
  /** Never answers (sleeps in a child, like a wrapper script that started something). */
  hang?: boolean
}

const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
const content = (src: string | { text: string } | undefined): string | null =>
  src === undefined ? null : typeof src === 'string' ? readFileSync(fixture(src), 'utf8') : src.text

function body(dir: string, name: string, tag: string, b: Behaviour): string {
  const lines: string[] = []
  const out = content(b.stdout)
  const err = content(b.stderr)
  if (out !== null) {
    const f = join(dir, `.${name}.${tag}.out`)
    writeFileSync(f, out)
    lines.push(`cat ${sq(f)}`)
  }
  if (err !== null) {
    const f = join(dir, `.${name}.${tag}.err`)
    writeFileSync(f, err)
    lines.push(`cat ${sq(f)} >&2`)
  }
  // `sleep` runs as a child of the script's shell, as a real wrapper's program would.
  if (b.hang) lines.push('sleep 30 &', `echo $! > ${sq(join(dir, `.${name}.pid`))}`, 'wait')
  lines.push(`exit ${b.code ?? 0}`)
  return lines.join('\n')
}

/**
 * Writes an executable `dir/name`. It logs each argument vector (one JSON-ish line per run) to
 * `dir/.name.calls`, then behaves per its first argument (`byFirstArg`) or by default.
 */
export function fakeTool(dir: string, name: string, behaviour: Behaviour, byFirstArg: Record<string, Behaviour> = {}): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, name)
  const cases = Object.entries(byFirstArg)
    .map(([arg, b], i) => `  ${sq(arg)})\n${body(dir, name, `case${i}`, b).replace(/^/gm, '    ')}\n    ;;`)
    .join('\n')
  const script = [
    '#!/bin/sh',
    'PATH=/usr/bin:/bin', // the doctor runs tools with a test PATH that holds only the fakes
    `printf '%s\\037' "$@" >> ${sq(join(dir, `.${name}.calls`))}; echo >> ${sq(join(dir, `.${name}.calls`))}`,
    cases ? `case "$1" in\n${cases}\nesac` : '',
    body(dir, name, 'default', behaviour),
    '',
  ].join('\n')
  writeFileSync(file, script)
  chmodSync(file, 0o755)
  return file
}

/** The argument vectors a fake tool was run with. */
export function callsOf(dir: string, name: string): string[][] {
  let text = ''
  try {
    text = readFileSync(join(dir, `.${name}.calls`), 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\x1f').slice(0, -1))
}

export function pidOf(dir: string, name: string): number {
  return Number(readFileSync(join(dir, `.${name}.pid`), 'utf8').trim())
}

/** A sysfs tree with amdgpu memory files for the given cards (bytes). */
export function fakeSysfs(root: string, cards: Record<string, { gttTotal?: number; gttUsed?: number; vramTotal?: number }>): string {
  const drm = join(root, 'class', 'drm')
  mkdirSync(drm, { recursive: true })
  for (const [card, m] of Object.entries(cards)) {
    const dev = join(drm, card, 'device')
    mkdirSync(dev, { recursive: true })
    if (m.gttTotal !== undefined) writeFileSync(join(dev, 'mem_info_gtt_total'), `${m.gttTotal}\n`)
    if (m.gttUsed !== undefined) writeFileSync(join(dev, 'mem_info_gtt_used'), `${m.gttUsed}\n`)
    if (m.vramTotal !== undefined) writeFileSync(join(dev, 'mem_info_vram_total'), `${m.vramTotal}\n`)
  }
  return root
}

export function fakeProc(root: string, meminfo: string): string {
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'meminfo'), meminfo)
  return root
}
