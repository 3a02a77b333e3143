// electron-builder.yml against electron-builder's own JSON schema: a misspelled key must fail here,
// since electron-builder itself would build anyway with the setting silently missing.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const require = createRequire(import.meta.url)
// js-yaml arrives with electron-builder (app-builder-lib depends on it); it ships no types.
const yaml = require('js-yaml') as { load(text: string): unknown }

type Target = { target: string; arch: string[] }
type Config = {
  files: string[]
  asarUnpack: string[]
  extraResources: Array<{ from: string; to: string }>
  linux: { target: Target[]; category: string; maintainer: string }
  mac: { target: Target[] }
  win: { target: Target[] }
  [key: string]: unknown
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config
const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object
// strict: false because the schema uses annotations Ajv does not know (e.g. "deprecated").
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

const errorsOf = (candidate: unknown): string => JSON.stringify(validate(candidate) ? [] : validate.errors)

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema', () => {
    expect(validate(config), errorsOf(config)).toBe(true)
  })

  it('fails when a key is misspelled, at the top level or nested', () => {
    const { asarUnpack, ...rest } = config
    const topTypo = { ...rest, asarUnpak: asarUnpack }
    expect(validate(topTypo)).toBe(false)
    expect(errorsOf(topTypo)).toContain('asarUnpak')

    const nestedTypo = { ...config, linux: { ...config.linux, categroy: 'Development' } }
    expect(validate(nestedTypo)).toBe(false)
    expect(errorsOf(nestedTypo)).toContain('categroy')
  })

  it('builds AppImage and deb for x64 and arm64, plus dmg and nsis', () => {
    const byName = Object.fromEntries(config.linux.target.map((t) => [t.target, t.arch]))
    expect(byName.AppImage).toEqual(['x64', 'arm64'])
    expect(byName.deb).toEqual(['x64', 'arm64'])
    expect(config.linux.category).toBe('Development')
    expect(config.linux.maintainer).toMatch(/<.+@.+>/)
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg'])
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis'])
  })

  it('packs the built app, unpacks native modules and wasm, and carries resources/', () => {
    expect(config.files).toContain('out/**')
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/@lydell/**', '**/*.node', 'node_modules/web-tree-sitter/*.wasm', 'node_modules/tree-sitter-julia/*.wasm']),
    )
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources', to: 'resources' }))
  })
})
