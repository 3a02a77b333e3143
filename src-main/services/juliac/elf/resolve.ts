// Resolving DT_NEEDED names the way glibc's loader does (ld.so(8), "Rpath token expansion" and the
// search order): DT_RPATH when there is no DT_RUNPATH, then the library path (here: the bundle's
// lib folders, which the bundle's launcher puts on LD_LIBRARY_PATH), then DT_RUNPATH, then
// /etc/ld.so.cache, then the default folders. A candidate of another class or machine is skipped,
// as the loader skips it.
import { open } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { ElfNeeded } from '../../../../src-preload/contract'
import { EM } from './header'
import type { LdCache } from './ldcache'

export type Target = { is64: boolean; little: boolean; machine: number }
export type SearchPaths = {
  rpath: string[]
  runpath: string[]
  /** The folder holding the binary (after symlinks), for $ORIGIN. */
  origin: string
  bundleLibDirs: string[]
  /** The system's folders; when given, they replace ld.so.cache and the default folders. */
  systemLibDirs?: string[]
  cache: LdCache
}

/** `$ORIGIN` and `${ORIGIN}` expanded; `$LIB` and `$PLATFORM` are left for the loader to expand. */
export const expandOrigin = (dir: string, origin: string): string => dir.replace(/\$\{ORIGIN\}|\$ORIGIN(?![A-Za-z0-9_])/g, origin)

export async function resolveNeeded(names: string[], t: Target, p: SearchPaths): Promise<ElfNeeded[]> {
  const out: ElfNeeded[] = []
  const rpath = p.runpath.length > 0 ? [] : p.rpath.map((d) => expandOrigin(d, p.origin))
  const runpath = p.runpath.map((d) => expandOrigin(d, p.origin))
  for (const name of names) out.push(await resolveOne(name, t, p, rpath, runpath))
  return out
}

async function resolveOne(name: string, t: Target, p: SearchPaths, rpath: string[], runpath: string[]): Promise<ElfNeeded> {
  const via = (path: string, how: 'rpath' | 'system'): ElfNeeded => ({ name, resolved: path, via: inside(path, p.bundleLibDirs) ? 'bundle' : how })
  // A name with a slash is a path, not searched for. The loader opens a relative one from the
  // working folder of the run, unknown here: the binary's folder is the likeliest.
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : join(p.origin, name)
    return (await compatible(path, t)) ? via(path, 'system') : { name, resolved: null, via: null }
  }
  const steps: [string[], 'rpath' | 'system'][] = [
    [rpath, 'rpath'],
    [p.bundleLibDirs, 'system'],
    [runpath, 'rpath'],
  ]
  for (const [dirs, how] of steps) {
    for (const dir of dirs) {
      if (!isAbsolute(dir)) continue // relative entries depend on the run's working folder
      const path = join(dir, name)
      if (await compatible(path, t)) return via(path, how)
    }
  }
  if (p.systemLibDirs === undefined) {
    for (const path of p.cache.get(name) ?? []) if (await compatible(path, t)) return via(path, 'system')
  }
  for (const dir of p.systemLibDirs ?? defaultLibDirs(t)) {
    const path = join(dir, name)
    if (await compatible(path, t)) return via(path, 'system')
  }
  return { name, resolved: null, via: null }
}

const inside = (path: string, dirs: string[]): boolean =>
  dirs.some((d) => {
    const rel = relative(resolve(d), resolve(path))
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
  })

/** A readable ELF file of the same class, byte order and machine. */
async function compatible(path: string, t: Target): Promise<boolean> {
  let fh
  try {
    fh = await open(path, 'r')
    const b = Buffer.alloc(20)
    const { bytesRead } = await fh.read(b, 0, 20, 0)
    if (bytesRead < 20 || b.readUInt32BE(0) !== 0x7f454c46) return false
    const little = b[5] === 1
    const machine = little ? b.readUInt16LE(18) : b.readUInt16BE(18)
    return (b[4] === 2) === t.is64 && little === t.little && machine === t.machine
  } catch {
    return false
  } finally {
    await fh?.close()
  }
}

/** Debian/Ubuntu multiarch triplets, so a foreign-architecture binary is looked up in its own folders. */
function multiarch(t: Target): string | null {
  switch (t.machine) {
    case EM.x86_64:
      return t.is64 ? 'x86_64-linux-gnu' : 'x86_64-linux-gnux32'
    case EM.i386:
      return 'i386-linux-gnu'
    case EM.aarch64:
      return 'aarch64-linux-gnu'
    case EM.arm:
      return 'arm-linux-gnueabihf'
    case EM.riscv:
      return t.is64 ? 'riscv64-linux-gnu' : null
    case EM.ppc64:
      return t.little ? 'powerpc64le-linux-gnu' : 'powerpc64-linux-gnu'
    case EM.ppc:
      return 'powerpc-linux-gnu'
    case EM.s390:
      return 's390x-linux-gnu'
    case EM.loongarch:
      return 'loongarch64-linux-gnu'
    default:
      return null
  }
}

export function defaultLibDirs(t: Target): string[] {
  const triplet = multiarch(t)
  const dirs = triplet ? [`/lib/${triplet}`, `/usr/lib/${triplet}`] : []
  if (t.is64) dirs.push('/lib64', '/usr/lib64')
  else dirs.push('/lib32', '/usr/lib32')
  dirs.push('/lib', '/usr/lib')
  return dirs
}
