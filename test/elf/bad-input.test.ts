// Files that are not ELF, cut short, lying about their tables, or huge: each a clear KilnError that
// names what is wrong, never a crash, and never a whole huge file read into memory.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KilnError } from '../../src-main/router'
import { inspectElf } from '../../src-main/services/juliac/elf/report'
import { synthElf } from './synth'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-elf-bad-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const LS = '/bin/ls'
const ls = readFileSync(LS)

let n = 0
const file = (bytes: Buffer | string): string => {
  const p = join(tmp, `f${n++}`)
  writeFileSync(p, bytes)
  return p
}
/** /bin/ls with some bytes replaced. */
const patched = (edit: (b: Buffer) => void): string => {
  const b = Buffer.from(ls)
  edit(b)
  return file(b)
}
async function failure(path: string): Promise<KilnError> {
  try {
    await inspectElf(path, { bundleLibDirs: [] })
  } catch (e) {
    if (e instanceof KilnError) return e
    throw new Error(`not a KilnError: ${String(e)}`)
  }
  throw new Error(`${path} was accepted`)
}

describe('files that are not ELF', () => {
  it('a text file, an empty file, a directory and a missing file each say what they are', async () => {
    expect(await failure(file('#!/bin/sh\necho hi\n'))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/is not an ELF file/) })
    expect(await failure(file(''))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/is not an ELF file/) })
    expect(await failure(tmp)).toMatchObject({ code: 'IS_A_DIRECTORY' })
    expect(await failure(join(tmp, 'nope'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no such file/) })
  })

  it('an ELF class or byte order that does not exist', async () => {
    expect((await failure(patched((b) => void (b[4] = 3)))).message).toMatch(/unknown ELF class 3/)
    expect((await failure(patched((b) => void (b[5] = 7)))).message).toMatch(/unknown ELF data encoding 7/)
  })
})

describe('truncated and corrupt ELF files', () => {
  it('cut inside the ELF header', async () => {
    const e = await failure(file(ls.subarray(0, 10)))
    expect(e.code).toBe('INVALID_ARGS')
    expect(e.message).toMatch(/truncated: e_ident/)
  })

  it('cut after the header: the program header table is missing', async () => {
    expect((await failure(file(ls.subarray(0, 64)))).message).toMatch(/truncated: the program header table \(\d+ entries\).*past the end of the file \(64 bytes\)/)
  })

  it('cut in half: the section header table at the end is gone', async () => {
    expect((await failure(file(ls.subarray(0, ls.length >> 1)))).message).toMatch(/section header table .* past the end of the file/)
  })

  it('a program header offset beyond any file, and entries too small', async () => {
    const far = await failure(patched((b) => b.writeBigUInt64LE(0xffffffffffffff00n, 32)))
    expect(far).toMatchObject({ code: 'INVALID_ARGS', message: expect.stringMatching(/the program header table \(\d+ entries\) has an impossible offset or size/) })
    expect((await failure(patched((b) => b.writeUInt16LE(8, 54)))).message).toMatch(/program header entries are 8 bytes; at least 56 expected/)
  })

  it('a section name table index out of range', async () => {
    expect((await failure(patched((b) => b.writeUInt16LE(999, 62)))).message).toMatch(/section name table index 999 is out of range/)
  })

  it('a needed library whose name lies outside the dynamic string table', async () => {
    const bad = file(synthElf({ is64: true, little: true, machine: 62, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6', 'libm.so.6'], strsz: 2 }))
    expect((await failure(bad)).message).toMatch(/DT_NEEDED entry points outside the dynamic string table/)
  })

  it('random damage to the headers gives a report or a KilnError, never anything else', async () => {
    let seed = 42
    const rand = (m: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % m)
    const shoff = Number(ls.readBigUInt64LE(40))
    let errors = 0
    for (let i = 0; i < 200; i++) {
      const path = patched((b) => {
        for (let k = 0; k < 4; k++) {
          // Hit the headers, program headers and the section header table, where the structure lives.
          const where = k % 2 === 0 ? rand(1024) : shoff + rand(b.length - shoff)
          b[where] = rand(256)
        }
      })
      try {
        await inspectElf(path, { bundleLibDirs: [], systemLibDirs: [] })
      } catch (e) {
        expect(e).toBeInstanceOf(KilnError)
        errors++
      }
      rmSync(path)
    }
    expect(errors).toBeGreaterThan(0)
  })
})

describe('a huge file', () => {
  it('a 5 GB (sparse) binary is reported from its headers without being read whole', async () => {
    const big = join(tmp, 'huge')
    copyFileSync(LS, big)
    truncateSync(big, 5 * 1024 ** 3)
    const before = process.memoryUsage().rss
    const started = Date.now()
    const report = await inspectElf(big, { bundleLibDirs: [] })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 ** 2)
    const small = await inspectElf(LS, { bundleLibDirs: [] })
    expect({ ...report, path: LS }).toEqual(small)
  })
})
