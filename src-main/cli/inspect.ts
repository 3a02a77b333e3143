// `kiln inspect BINARY [--json] [--lib DIR]...`: the ELF report of the Artifacts view, from the
// same code: a checksec-like table, or the report as JSON. A binary in a juliac bundle
// (DIR/bin/NAME) has its libraries looked up in DIR/lib and DIR/lib/julia, as its launcher does.
import { stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { ElfReport } from '../../src-preload/contract'
import { KilnError } from '../router'
import { analyzeElf, type ElfDetails } from '../services/juliac/elf/report'
import type { CliIo } from './outline'

export const INSPECT_USAGE = `Usage: kiln inspect BINARY [--json] [--lib DIR]...

Reports what an ELF file is and how it is hardened: class, machine, type, PIE, NX stack, RELRO,
stack protector, FORTIFY, RPATH/RUNPATH, stripped or not, and each needed library resolved as the
dynamic loader would (RPATH, the bundle's lib folders, RUNPATH, ld.so.cache, the system folders),
with the missing ones flagged. For BINARY inside a bundle's bin/, the bundle's lib/ and lib/julia/
are searched too.

  --json      print the report as JSON
  --lib DIR   also search DIR for needed libraries (repeatable)

Exit status: 0 with a report (even with missing libraries), 2 when BINARY is missing or not a
valid ELF file, or for a usage error.
`

export async function inspectCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(INSPECT_USAGE)
    return 0
  }
  let json = false
  const libs: string[] = []
  const files: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--json') json = true
    else if (a === '--lib' && i + 1 < argv.length) libs.push(resolve(argv[++i]!))
    else if (a.startsWith('--lib=')) libs.push(resolve(a.slice('--lib='.length)))
    else if (a.startsWith('-')) return usage(io, a === '--lib' ? '--lib needs a folder' : `unknown option ${a}`)
    else files.push(a)
  }
  if (files.length !== 1) return usage(io, files.length === 0 ? 'no BINARY given' : 'give one BINARY')
  const file = resolve(files[0]!)
  try {
    const { report, details } = await analyzeElf(file, { bundleLibDirs: [...libs, ...(await bundleLibDirs(file))] })
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, details))
    return 0
  } catch (e) {
    if (!(e instanceof KilnError)) throw e
    io.stderr(`kiln inspect: ${e.message}\n`)
    return 2
  }
}

function usage(io: CliIo, why: string): number {
  io.stderr(`kiln inspect: ${why}\n\n${INSPECT_USAGE}`)
  return 2
}

const SYSTEM_PREFIXES = new Set(['/', '/usr', '/usr/local'])

/** BUNDLE/bin/NAME -> BUNDLE/lib, BUNDLE/lib/julia: a juliac bundle has both (/usr/bin/ls is no bundle). */
async function bundleLibDirs(file: string): Promise<string[]> {
  const bin = dirname(file)
  const root = dirname(bin)
  if (basename(bin) !== 'bin' || SYSTEM_PREFIXES.has(root)) return []
  const isDir = (d: string) => stat(d).then((s) => s.isDirectory(), () => false)
  return (await isDir(join(root, 'lib', 'julia'))) ? [join(root, 'lib'), join(root, 'lib', 'julia')] : []
}

const yes = (b: boolean): string => (b ? 'yes' : 'no')

export function formatReport(r: ElfReport, d: ElfDetails): string {
  const exec = r.type === 'EXEC' || r.pie
  const rows: [string, string][] = [
    ['Class', `${r.class}, ${d.endian} endian`],
    ['Machine', r.machine],
    ['Type', r.type + (r.pie ? ' (position-independent executable)' : r.type === 'DYN' ? ' (shared library)' : '')],
  ]
  if (d.soname) rows.push(['SONAME', d.soname])
  rows.push(['Interpreter', r.interpreter ?? 'none'])
  if (exec || r.type === 'DYN') rows.push(['PIE', r.pie ? 'yes' : r.type === 'DYN' ? 'n/a (shared library)' : 'no'])
  rows.push(
    ['NX stack', `${yes(r.nxStack)} (${d.gnuStack ? `PT_GNU_STACK ${d.gnuStack}` : 'no PT_GNU_STACK'})`],
    ['RELRO', r.relro === 'full' ? 'full (PT_GNU_RELRO + BIND_NOW)' : r.relro === 'partial' ? 'partial (PT_GNU_RELRO, lazy binding)' : 'none'],
    ['Stack canary', r.stackProtector ? 'yes (__stack_chk_fail)' : 'no'],
    ['FORTIFY', r.fortify ? `yes (${d.fortified.length}: ${abbreviate(d.fortified, 4)})` : 'no'],
    ['RPATH', r.rpath.length > 0 ? r.rpath.join(':') : 'none'],
    ['RUNPATH', r.runpath.length > 0 ? r.runpath.join(':') : 'none'],
    ['Symbols', r.stripped ? 'stripped (no .symtab)' : 'not stripped (.symtab)'],
  )
  const width = Math.max(...rows.map(([k]) => k.length)) + 2
  let out = `${r.path}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`).join('\n')}\n`
  if (r.needed.length > 0) {
    const nameWidth = Math.max(...r.needed.map((n) => n.name.length)) + 2
    const missing = r.missing.length > 0 ? `, ${r.missing.length} missing` : ''
    out += `\nNeeded libraries (${r.needed.length}${missing})\n`
    for (const n of r.needed) out += `  ${n.name.padEnd(nameWidth)}${n.resolved === null ? 'MISSING: not found on any search path' : `${n.resolved} (${n.via})`}\n`
  }
  if (d.notes.length > 0) out += `\nNotes\n${d.notes.map((n) => `  - ${n}\n`).join('')}`
  return out
}

const abbreviate = (items: string[], n: number): string => items.slice(0, n).join(', ') + (items.length > n ? ', …' : '')
