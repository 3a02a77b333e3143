// Symbol-based hardening checks: `__stack_chk_fail` (stack protector) and `__*_chk` (FORTIFY),
// looked for in .dynsym (imports) and .symtab, as checksec does. The string table is searched first for
// names ending in `_chk`, so the symbol entries are only compared by offset, a chunk at a time.
import type { ElfFile } from './file'
import { MAX_TABLE_BYTES } from './file'
import { Fields } from './fields'
import type { ElfHeader } from './header'
import { readSection, SHT, type Section } from './sections'

export type SymbolFacts = {
  /** A .symtab section exists (not stripped). */
  hasSymtab: boolean
  stackProtector: boolean
  /** The fortified functions the file calls, e.g. `__printf_chk`, sorted. */
  fortified: string[]
  /** Why a table could not be searched, in words. */
  skipped: string[]
}

const STACK_CHK = '__stack_chk_fail'
const FORTIFIED = /^__[A-Za-z0-9_]+_chk$/
const CHUNK_ENTRIES = 65536
const SHN_UNDEF = 0

export async function scanSymbols(file: ElfFile, h: ElfHeader, sections: Section[]): Promise<SymbolFacts> {
  const facts: SymbolFacts = { hasSymtab: sections.some((s) => s.type === SHT.SYMTAB), stackProtector: false, fortified: [], skipped: [] }
  const fortified = new Set<string>()
  for (const table of sections.filter((s) => s.type === SHT.SYMTAB || s.type === SHT.DYNSYM)) {
    const label = table.name || (table.type === SHT.SYMTAB ? '.symtab' : '.dynsym')
    const strings = sections[table.link]
    if (!strings || strings.type !== SHT.STRTAB) {
      facts.skipped.push(`${label} has no string table`)
      continue
    }
    if (strings.size > MAX_TABLE_BYTES) {
      facts.skipped.push(`${label}'s string table is too large to search (${strings.size} bytes)`)
      continue
    }
    const names = chkNames(await readSection(file, strings, `the string table of ${label}`))
    if (names.size === 0) continue
    // .dynsym of a library lists what it exports too: libc defines every `__*_chk`. Only its
    // imports say the file itself calls them; .symtab (static links) counts whole.
    for (const name of await namesUsed(file, h, table, label, names, table.type === SHT.DYNSYM)) {
      if (name === STACK_CHK) facts.stackProtector = true
      else if (FORTIFIED.test(name)) fortified.add(name)
    }
  }
  facts.fortified = [...fortified].sort()
  return facts
}

/**
 * Offsets in a string table at which a name `__…_chk` or `__stack_chk_fail` starts, with that name. A symbol may point
 * into the middle of a longer string (linkers merge suffixes), and since binutils 2.35 .symtab
 * names carry their version (`__printf_chk@GLIBC_2.3.4`): both are handled.
 */
export function chkNames(table: Buffer): Map<number, string> {
  const out = new Map<number, string>()
  for (let i = table.indexOf('_chk'); i >= 0; i = table.indexOf('_chk', i + 4)) {
    const after = table[i + 4]
    if (after !== 0 && after !== 0x40 && after !== undefined) continue
    let start = i
    while (start > 0 && table[start - 1] !== 0) start--
    for (let p = start; p + 1 < i; p++) if (table[p] === 0x5f && table[p + 1] === 0x5f) out.set(p, table.toString('latin1', p, i + 4))
  }
  for (let i = table.indexOf(STACK_CHK); i >= 0; i = table.indexOf(STACK_CHK, i + 1)) {
    const after = table[i + STACK_CHK.length]
    if (after === 0 || after === 0x40 || after === undefined) out.set(i, STACK_CHK)
  }
  return out
}

async function namesUsed(file: ElfFile, h: ElfHeader, table: Section, label: string, names: Map<number, string>, importsOnly: boolean): Promise<Set<string>> {
  const entsize = table.entsize || (h.is64 ? 24 : 16)
  const used = new Set<string>()
  if (entsize < (h.is64 ? 24 : 16)) return used
  const count = Math.floor(table.size / entsize)
  for (let first = 0; first < count; first += CHUNK_ENTRIES) {
    const n = Math.min(CHUNK_ENTRIES, count - first)
    const f = new Fields(await file.read(table.offset + first * entsize, n * entsize, `symbols ${first}..${first + n} of ${label}`), h)
    for (let i = 0; i < n; i++) {
      const o = i * entsize
      const name = names.get(f.u32(o))
      if (name !== undefined && (!importsOnly || f.u16(o + (h.is64 ? 6 : 14)) === SHN_UNDEF)) used.add(name)
    }
  }
  return used
}
