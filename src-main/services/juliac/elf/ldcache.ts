// /etc/ld.so.cache, the index ldconfig writes and the dynamic loader reads before the default
// folders. Format from glibc's sysdeps/generic/dl-cache.h: the "glibc-ld.so.cache1.1" header
// (nlibs, len_strings, an endianness byte, 48 bytes in all), then 24-byte entries {flags, key,
// value, osversion, hwcap} whose key (soname) and value (path) are offsets from the header's start.
// Old caches put the libc5 "ld.so-1.7.0" table (12-byte entries) first; both are read.
import { readFile, stat } from 'node:fs/promises'
import { cString } from './strings'

export type LdCache = Map<string, string[]>

const NEW_MAGIC = 'glibc-ld.so.cache1.1'
const OLD_MAGIC = 'ld.so-1.7.0'
const MAX_CACHE_BYTES = 32 * 1024 * 1024

let memo: { path: string; mtimeMs: number; size: number; cache: LdCache } | null = null

/** The cache's sonames and paths, in the cache's order; empty when it is absent or unreadable. */
export async function loadLdCache(path = '/etc/ld.so.cache'): Promise<LdCache> {
  try {
    const st = await stat(path)
    if (!st.isFile() || st.size > MAX_CACHE_BYTES) return new Map()
    if (memo && memo.path === path && memo.mtimeMs === st.mtimeMs && memo.size === st.size) return memo.cache
    const cache = parseLdCache(await readFile(path))
    memo = { path, mtimeMs: st.mtimeMs, size: st.size, cache }
    return cache
  } catch {
    return new Map()
  }
}

export function parseLdCache(buf: Buffer): LdCache {
  const out: LdCache = new Map()
  const add = (key: string | null, value: string | null) => {
    if (!key || !value) return
    const list = out.get(key)
    if (list) list.push(value)
    else out.set(key, [value])
  }
  let base = 0
  if (buf.toString('latin1', 0, OLD_MAGIC.length) === OLD_MAGIC) {
    if (buf.length < 16) return out
    const nlibs = buf.readUInt32LE(12)
    const entries = 16
    const strings = entries + nlibs * 12
    if (strings > buf.length) return out
    base = (strings + 7) & ~7
    if (buf.toString('latin1', base, base + NEW_MAGIC.length) !== NEW_MAGIC) {
      const table = buf.subarray(strings)
      for (let i = 0; i < nlibs; i++) add(cString(table, buf.readUInt32LE(entries + i * 12 + 4)), cString(table, buf.readUInt32LE(entries + i * 12 + 8)))
      return out
    }
  }
  if (buf.length < base + 48 || buf.toString('latin1', base, base + NEW_MAGIC.length) !== NEW_MAGIC) return out
  const big = buf[base + 28] === 3
  const u32 = (o: number) => (big ? buf.readUInt32BE(o) : buf.readUInt32LE(o))
  const nlibs = u32(base + 20)
  const table = buf.subarray(base)
  for (let i = 0; i < nlibs; i++) {
    const e = base + 48 + i * 24
    if (e + 24 > buf.length) break
    add(cString(table, u32(e + 4)), cString(table, u32(e + 8)))
  }
  return out
}
