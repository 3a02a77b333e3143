// /etc/ld.so.cache read in TypeScript agrees with `ldconfig -p`, which prints the same file.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseLdCache } from '../../src-main/services/juliac/elf/ldcache'

const ldconfig = ['/sbin/ldconfig', '/usr/sbin/ldconfig'].find((p) => existsSync(p))
const cacheFile = '/etc/ld.so.cache'

describe('ld.so.cache', () => {
  it.skipIf(!ldconfig || !existsSync(cacheFile))('lists the same libraries and paths as ldconfig -p', () => {
    const printed = execFileSync(ldconfig!, ['-p'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
    const want = new Map<string, string[]>()
    for (const m of printed.matchAll(/^\t(\S+) \([^)]*\)(?: OS ABI: [^=]*)? => (.+)$/gm)) want.set(m[1]!, [...(want.get(m[1]!) ?? []), m[2]!])
    expect(want.size).toBeGreaterThan(0)
    const got = parseLdCache(readFileSync(cacheFile))
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want))
  })

  it('reads a big-endian cache, and ignores garbage', () => {
    const names = ['libkiln.so.1', '/opt/kiln/lib/libkiln.so.1']
    const strings = Buffer.from(names.map((s) => `${s}\0`).join(''))
    const b = Buffer.alloc(48 + 24 + strings.length)
    b.write('glibc-ld.so.cache1.1', 0, 'latin1')
    b.writeUInt32BE(1, 20)
    b.writeUInt32BE(strings.length, 24)
    b[28] = 3 // big endian
    b.writeInt32BE(0x0303, 48)
    b.writeUInt32BE(72, 52)
    b.writeUInt32BE(72 + names[0]!.length + 1, 56)
    strings.copy(b, 72)
    expect(parseLdCache(b)).toEqual(new Map([['libkiln.so.1', ['/opt/kiln/lib/libkiln.so.1']]]))
    expect(parseLdCache(Buffer.from('not a cache at all'))).toEqual(new Map())
    expect(parseLdCache(b.subarray(0, 60))).toEqual(new Map())
  })
})
