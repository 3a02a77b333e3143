import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findKilnJl, kilnJlCandidates } from '../../src-main/services/julia/kiln-jl'
import { lastLines, pkgCommand, stripAnsi } from '../../src-main/services/julia/repl-text'

const ROOT = join(__dirname, '..', '..')
const KILN_JL = join(ROOT, 'resources', 'julia', 'kiln.jl')

describe('finding kiln.jl', () => {
  it('from source, from the built bundle and from a packaged app', async () => {
    expect(await findKilnJl(join(ROOT, 'src-main', 'services', 'julia', 'kiln-jl.ts'))).toBe(KILN_JL)
    expect(await findKilnJl(join(ROOT, 'out', 'main', 'main.js'))).toBe(KILN_JL)
    expect(await findKilnJl(join(ROOT, 'out', 'main', 'chunks', 'julia-service-abc.js'))).toBe(KILN_JL)
    const packaged = kilnJlCandidates('/opt/Kiln/resources/app.asar/out/main/main.js', '/opt/Kiln/resources')
    expect(packaged[0]).toBe('/opt/Kiln/resources/resources/julia/kiln.jl')
    await expect(findKilnJl('/nowhere/at/all/x.js')).rejects.toThrow(/cannot find resources\/julia\/kiln\.jl/)
  })
})

describe('REPL text', () => {
  it('builds Pkg API calls, with versions as PackageSpecs', () => {
    expect(pkgCommand('add', ['Foo', 'Bar'])).toBe('import Pkg; Pkg.add(["Foo", "Bar"])')
    expect(pkgCommand('add', ['Foo@1.2.3'])).toBe('import Pkg; Pkg.add([Pkg.PackageSpec(name="Foo", version="1.2.3")])')
    expect(pkgCommand('remove', ['Foo@1'])).toBe('import Pkg; Pkg.rm(["Foo"])')
    expect(pkgCommand('update', [])).toBe('import Pkg; Pkg.update()')
    expect(pkgCommand('instantiate', [])).toBe('import Pkg; Pkg.instantiate()')
    expect(pkgCommand('status', [])).toBe('import Pkg; Pkg.status()')
    expect(pkgCommand('resolve', [])).toBe('import Pkg; Pkg.resolve()')
    expect(() => pkgCommand('add', [])).toThrow(/at least one package/)
  })

  it('strips colours and keeps the last lines as the terminal showed them', () => {
    expect(stripAnsi('\x1b[1m\x1b[32mjulia>\x1b[0m \x1b]0;title\x07x')).toBe('julia> x')
    const out = 'a\r\nb\r\n\x1b[31mERROR:\x1b[0m boom\r\nprogress 10%\rprogress 100%\r\n\r\n'
    expect(lastLines(out)).toBe('a\nb\nERROR: boom\nprogress 100%')
    expect(lastLines(out, 2)).toBe('ERROR: boom\nprogress 100%')
  })
})
