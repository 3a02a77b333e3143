// Reads a .tar.gz back, for the tests: each entry's path, type, mode and content (ustar only).
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

export type TarItem = { path: string; type: 'file' | 'dir' | 'symlink' | 'other'; mode: number; size: number; linkname: string; data: Buffer; checksumOk: boolean }

const str = (b: Buffer, start: number, len: number): string => b.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '')
const num = (b: Buffer, start: number, len: number): number => Number.parseInt(str(b, start, len).trim() || '0', 8)

export function readTarGz(file: string): TarItem[] {
  const tar = gunzipSync(readFileSync(file))
  const items: TarItem[] = []
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512)
    if (h.every((x) => x === 0)) break
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!
    const size = num(h, 124, 12)
    const prefix = str(h, 345, 155)
    const name = str(h, 0, 100)
    const flag = str(h, 156, 1)
    items.push({
      path: prefix ? `${prefix}/${name}` : name,
      type: flag === '0' || flag === '' ? 'file' : flag === '5' ? 'dir' : flag === '2' ? 'symlink' : 'other',
      mode: num(h, 100, 8),
      size,
      linkname: str(h, 157, 100),
      data: Buffer.from(tar.subarray(off + 512, off + 512 + size)),
      checksumOk: sum === num(h, 148, 8) && str(h, 257, 6) === 'ustar',
    })
    off += 512 + Math.ceil(size / 512) * 512
  }
  return items
}
