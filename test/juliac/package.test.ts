// Packaging a build: the tar.gz is read back (by our reader and by the system's tar) and checked:
// files, modes, SHA256SUMS, manifest fields, and deploy.sh running the program from anywhere.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { packageFor } from '../../src-main/services/juliac/outputs'
import { platformTag } from '../../src-main/services/juliac/ship/package'
import { splitName, tarHeader } from '../../src-main/services/juliac/ship/tar'
import { templatesDir } from '../../src-main/services/juliac/templates'
import { makeService, makeWorkspace, tempDir } from './helpers'
import { readTarGz } from './tar-read'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('packaging a build', () => {
  it('writes NAME-VERSION-PLATFORM.tar.gz with the bundle, deploy.sh, SHA256SUMS and manifest.json', async () => {
    const root = makeWorkspace()
    const s = makeService(root)
    cleanups.push(s.cleanup)
    const r = await s.service.wait((await s.service.start('app')).buildId)
    expect(r.state).toBe('succeeded')
    // A library link inside the bundle stays a link.
    symlinkSync('libjulia.so.1.12', join(root, 'build/app/lib/libjulia.so'))
    const pkg = await packageFor(root, s.service.history(), r.id, '1.2.3', await templatesDir())
    const top = `app-1.2.3-${platformTag()}`
    expect(pkg.tarball).toBe(`dist/${top}.tar.gz`)
    const file = join(root, pkg.tarball)
    expect(pkg.bytes).toBe(readFileSync(file).length)
    expect(pkg.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'))

    const items = readTarGz(file)
    expect(items.every((i) => i.checksumOk)).toBe(true)
    const by = new Map(items.map((i) => [i.path, i]))
    expect(pkg.files).toEqual(items.filter((i) => i.path !== `${top}/`).map((i) => i.path))
    expect(by.get(`${top}/bin/app`)).toMatchObject({ type: 'file', mode: 0o755 })
    expect(by.get(`${top}/deploy.sh`)).toMatchObject({ type: 'file', mode: 0o755 })
    expect(by.get(`${top}/manifest.json`)).toMatchObject({ mode: 0o644 })
    expect(by.get(`${top}/lib/libjulia.so`)).toMatchObject({ type: 'symlink', linkname: 'libjulia.so.1.12' })
    expect(by.get(`${top}/lib/julia/`)).toMatchObject({ type: 'dir', mode: 0o755 })

    // SHA256SUMS lists every file, and each sum matches the content.
    const sums = by.get(`${top}/SHA256SUMS`)!.data.toString('utf8').trim().split('\n')
    const listed = sums.map((l) => l.split('  ')[1])
    expect(listed.sort()).toEqual(items.filter((i) => i.type === 'file' && !i.path.endsWith('SHA256SUMS')).map((i) => i.path.slice(top.length + 1)).sort())
    for (const line of sums) {
      const [sum, path] = line.split('  ')
      expect(createHash('sha256').update(by.get(`${top}/${path}`)!.data).digest('hex')).toBe(sum)
    }
    const manifest = JSON.parse(by.get(`${top}/manifest.json`)!.data.toString('utf8'))
    expect(manifest).toMatchObject({
      name: 'app', version: '1.2.3', platform: platformTag(), executable: 'bin/app', buildId: r.id, juliaVersion: '1.12.1', juliacVersion: '0.2.1',
      cpuTarget: null, trim: 'safe', flags: r.metrics!.flags, builtAt: new Date(r.endedAt!).toISOString(),
    })
    expect(manifest.sizes.total).toBe(r.metrics!.outputBytes)

    // The system's tar agrees, and the unpacked bundle runs through deploy.sh and verifies.
    const out = tempDir()
    cleanups.push(() => rmSync(out, { recursive: true, force: true }))
    execFileSync('tar', ['-xzf', file, '-C', out])
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: join(out, top) })
    const said = execFileSync(join(out, top, 'deploy.sh'), ['from tar'], { cwd: '/', encoding: 'utf8' })
    expect(said).toMatch(/Hello from app/)
    expect(said).toContain('from tar')
  })

  it('refuses a build with no output', async () => {
    const root = makeWorkspace()
    const s = makeService(root, { scenario: 'verifier-errors' })
    cleanups.push(s.cleanup)
    const r = await s.service.wait((await s.service.start('app')).buildId)
    await expect(packageFor(root, s.service.history(), r.id, '0.1.0', await templatesDir())).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(existsSync(join(root, 'dist'))).toBe(false)
  })

  it('writes ustar headers: long paths split into prefix and name, checksum as tar expects', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}`
    expect(splitName(long)).toEqual({ prefix: 'd'.repeat(120), name: 'f'.repeat(90) })
    expect(() => splitName('x'.repeat(300))).toThrow(/too long/)
    const h = tarHeader({ path: 'a/b', type: 'file', mode: 0o755, size: 10, mtime: 1_700_000_000_000 })
    expect(h.subarray(257, 263).toString()).toBe('ustar\0')
    expect(h.subarray(100, 107).toString()).toBe('0000755')
  })
})
