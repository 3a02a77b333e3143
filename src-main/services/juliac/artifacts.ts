// A build's output folder as the user sees it: every file with its size and kind, the size
// breakdown (executable, lib, lib/julia, artifacts, other), and the difference from an earlier build.
// Kinds follow JuliaC's bundle layout: `bin/NAME`, `lib/…`, `lib/julia/…`, and package artifacts
// under `share/julia/artifacts/…`.
import { constants } from 'node:fs'
import { access, lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArtifactEntry, ArtifactReport, BuildOutputKind, SizeBreakdown } from '../../../src-preload/contract'

const MAX_ENTRIES = 50_000

export function kindOf(rel: string, executable: boolean, artifactRel: string | null): ArtifactEntry['kind'] {
  const parts = rel.split('/')
  if (rel === artifactRel) return parts[0] === 'lib' ? 'lib' : 'exe'
  if (parts.includes('artifacts')) return 'artifact'
  if (parts[0] === 'lib' && parts[1] === 'julia' && parts.length > 2) return 'julia-lib'
  if (parts[0] === 'lib') return 'lib'
  if (parts[0] === 'bin' && executable) return 'exe'
  return 'other'
}

/** Every file under `dir` (relative, '/'-separated), symbolic links counted by their own size. */
export async function listOutput(dir: string, artifactRel: string | null): Promise<ArtifactEntry[]> {
  const out: ArtifactEntry[] = []
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(abs, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= MAX_ENTRIES) return
      const p = join(abs, e.name)
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      if (e.isDirectory()) await walk(p, r)
      else {
        const st = await lstat(p).catch(() => null)
        if (!st) continue
        const executable = st.isFile() && (await access(p, constants.X_OK).then(() => true, () => false))
        out.push({ path: r, size: st.size, kind: kindOf(r, executable, artifactRel) })
      }
    }
  }
  await walk(dir, '')
  return out
}

export function sizesOf(entries: readonly ArtifactEntry[]): SizeBreakdown {
  const s: SizeBreakdown = { exe: 0, lib: 0, juliaLib: 0, artifacts: 0, other: 0, total: 0 }
  for (const e of entries) {
    if (e.kind === 'exe') s.exe += e.size
    else if (e.kind === 'lib') s.lib += e.size
    else if (e.kind === 'julia-lib') s.juliaLib += e.size
    else if (e.kind === 'artifact') s.artifacts += e.size
    else s.other += e.size
    s.total += e.size
  }
  return s
}

export function diffOutputs(previousBuildId: string, before: readonly ArtifactEntry[], after: readonly ArtifactEntry[]): NonNullable<ArtifactReport['diff']> {
  const old = new Map(before.map((e) => [e.path, e.size]))
  const now = new Map(after.map((e) => [e.path, e.size]))
  return {
    previousBuildId,
    sizesBefore: sizesOf(before),
    added: after.filter((e) => !old.has(e.path)).map((e) => e.path),
    removed: before.filter((e) => !now.has(e.path)).map((e) => e.path),
    changed: after.flatMap((e) => {
      const b = old.get(e.path)
      return b !== undefined && b !== e.size ? [{ path: e.path, before: b, after: e.size }] : []
    }),
  }
}

/** Where juliac put the product, relative to the output folder; null when it is not there. */
export async function findProduct(outputDir: string, name: string, output: BuildOutputKind, bundled: boolean): Promise<string | null> {
  const exts = output === 'exe' ? ['', '.exe'] : ['', '.so', '.dylib', '.dll']
  const names = output === 'exe' ? exts.map((x) => name + x) : [...exts.map((x) => name + x), ...exts.slice(1).map((x) => `lib${name}${x}`)]
  const dirs = bundled ? (output === 'exe' ? ['bin', ''] : ['lib', 'bin', '']) : ['']
  for (const d of dirs) {
    for (const n of names) {
      const rel = d === '' ? n : `${d}/${n}`
      const st = await lstat(join(outputDir, rel)).catch(() => null)
      if (st?.isFile()) return rel
    }
  }
  return null
}
