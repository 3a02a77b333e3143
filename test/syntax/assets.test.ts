// Finding tree-sitter's two wasm files: a packaged app's resources folder first, then node_modules.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveSyntaxAssets } from '../../src-main/services/syntax/assets'
import { JuliaParser } from '../../src-main/services/syntax/julia-parser'

const dir = mkdtempSync(join(tmpdir(), 'kiln-assets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('resolveSyntaxAssets', () => {
  it('finds both files in node_modules when nothing else is configured', async () => {
    const assets = await resolveSyntaxAssets({})
    expect(assets.runtimeWasm).toMatch(/node_modules\/web-tree-sitter\/tree-sitter\.wasm$/)
    expect(assets.grammarWasm).toMatch(/node_modules\/tree-sitter-julia\/tree-sitter-julia\.wasm$/)
  })

  it('prefers a folder holding both files (as electron-builder lays them out), and they load from there', async () => {
    const assets0 = await resolveSyntaxAssets({})
    copyFileSync(assets0.runtimeWasm, join(dir, 'tree-sitter.wasm'))
    copyFileSync(assets0.grammarWasm, join(dir, 'tree-sitter-julia.wasm'))
    const assets = await resolveSyntaxAssets({ KILN_TREE_SITTER_DIR: dir })
    expect(assets).toEqual({ runtimeWasm: join(dir, 'tree-sitter.wasm'), grammarWasm: join(dir, 'tree-sitter-julia.wasm') })
    const parser = await JuliaParser.load(assets)
    expect(parser.analyze('struct S end').outline).toEqual([{ name: 'S', kind: 'struct', line: 1, endLine: 1 }])
    parser.dispose()
  })

  it('falls back per file when the folder lacks one', async () => {
    const half = mkdtempSync(join(dir, 'half-'))
    copyFileSync(join(dir, 'tree-sitter.wasm'), join(half, 'tree-sitter.wasm'))
    const assets = await resolveSyntaxAssets({ KILN_TREE_SITTER_DIR: half })
    expect(assets.runtimeWasm).toBe(join(half, 'tree-sitter.wasm'))
    expect(assets.grammarWasm).toMatch(/node_modules/)
  })
})
