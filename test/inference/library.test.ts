// The model library: which folders are looked at on each platform, and what a scan of a real
// folder tree lists (splits once, projectors and hidden folders left out, broken files explained).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeGguf } from '../../src-main/services/inference/gguf/write'
import { summarizeGgufFile } from '../../src-main/services/inference/gguf/summary'
import { tinyLlamaSpec } from '../../src-main/services/inference/gguf/tiny-llama'
import { modelFolders, ModelLibraryScanner, summarizeModelFile, type LibraryOptions } from '../../src-main/services/inference/library'

describe('model folders', () => {
  it('on Linux: the setting, LM Studio, llama.cpp and the Hugging Face cache', () => {
    expect(modelFolders({ modelsPath: '~/models', home: '/home/u', env: {}, platform: 'linux' })).toEqual([
      { path: '/home/u/models', source: 'setting' },
      { path: '/home/u/.lmstudio/models', source: 'lmstudio' },
      { path: '/home/u/.cache/lm-studio/models', source: 'lmstudio' },
      { path: '/home/u/.cache/llama.cpp', source: 'llama.cpp' },
      { path: '/home/u/.cache/huggingface/hub', source: 'huggingface' },
    ])
  })

  it('follows LLAMA_CACHE and HF_HOME, lists a folder named twice once, skips an empty setting', () => {
    const f = modelFolders({ modelsPath: '/data/llama', home: '/home/u', env: { LLAMA_CACHE: '/data/llama', HF_HOME: '/data/hf' }, platform: 'linux' })
    expect(f).toEqual([
      { path: '/data/llama', source: 'setting' },
      { path: '/home/u/.lmstudio/models', source: 'lmstudio' },
      { path: '/home/u/.cache/lm-studio/models', source: 'lmstudio' },
      { path: '/data/hf/hub', source: 'huggingface' },
    ])
    expect(modelFolders({ modelsPath: ' ', home: '/home/u', env: {}, platform: 'linux' })[0]!.source).toBe('lmstudio')
  })

  it("uses macOS's and Windows' cache folders", () => {
    const mac = modelFolders({ modelsPath: '', home: '/Users/u', env: {}, platform: 'darwin' })
    expect(mac.find((x) => x.source === 'llama.cpp')?.path).toBe('/Users/u/Library/Caches/llama.cpp')
    const win = modelFolders({ modelsPath: '', home: 'C:\\Users\\u', env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, platform: 'win32' })
    expect(win.map((x) => x.path)).toEqual([
      'C:\\Users\\u\\.lmstudio\\models',
      'C:\\Users\\u\\.cache\\lm-studio\\models',
      'C:\\Users\\u\\AppData\\Local\\llama.cpp',
      'C:\\Users\\u\\.cache\\huggingface\\hub',
    ])
  })
})

describe('scanning', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kiln-library-'))
  const home = join(tmp, 'home')
  const models = join(tmp, 'models')
  const hf = join(tmp, 'hf')
  const tiny = encodeGguf(tinyLlamaSpec(undefined, 'Tiny Llama'))
  const opts: LibraryOptions = { modelsPath: models, home, env: { HF_HOME: hf, LLAMA_CACHE: join(tmp, 'not-a-folder.txt') }, platform: 'linux' }
  const write = (path: string, data: Buffer | string): void => {
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, data)
  }

  beforeAll(() => {
    mkdirSync(home, { recursive: true })
    write(join(models, 'org', 'repo', 'tiny-Q8_0.gguf'), tiny)
    write(join(models, 'broken.gguf'), 'GGUF\x03\x00\x00\x00 this is not a model')
    write(join(models, 'org', 'repo', 'mmproj-model-f16.gguf'), tiny)
    write(join(models, '.trash', 'old.gguf'), tiny)
    write(join(models, 'notes.txt'), 'not a model')
    write(join(models, '1', '2', '3', '4', '5', 'six-levels.gguf'), tiny)
    write(join(models, '1', '2', '3', '4', '5', '6', 'seven-levels.gguf'), tiny)
    write(join(models, 'split', 'big-00001-of-00002.gguf'), tiny)
    write(join(models, 'split', 'big-00002-of-00002.gguf'), tiny)
    write(join(models, 'split', 'half-00001-of-00003.gguf'), tiny)
    symlinkSync(models, join(models, 'org', 'loop')) // a loop back to the top
    // Hugging Face: snapshots link into blobs/; only snapshots count.
    const repo = join(hf, 'hub', 'models--org--tiny-GGUF')
    write(join(repo, 'blobs', 'f00d'), tiny)
    mkdirSync(join(repo, 'snapshots', 'abc123'), { recursive: true })
    symlinkSync(join('..', '..', 'blobs', 'f00d'), join(repo, 'snapshots', 'abc123', 'tiny-Q4_K_M.gguf'))
    write(join(hf, 'hub', 'stray.gguf'), tiny)
    write(join(tmp, 'not-a-folder.txt'), 'x')
  })
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('lists every model once with its header, and says what is wrong with the rest', async () => {
    const lib = await new ModelLibraryScanner().scan(opts)
    const rel = (p: string): string => p.slice(tmp.length + 1)
    expect(lib.models.map((m) => rel(m.path)).sort()).toEqual([
      'hf/hub/models--org--tiny-GGUF/snapshots/abc123/tiny-Q4_K_M.gguf',
      'models/1/2/3/4/5/six-levels.gguf',
      'models/broken.gguf',
      'models/org/repo/tiny-Q8_0.gguf',
      'models/split/big-00001-of-00002.gguf',
      'models/split/half-00001-of-00003.gguf',
    ])
    const byFile = new Map(lib.models.map((m) => [m.fileName, m]))
    const summary = await summarizeGgufFile(join(models, 'org', 'repo', 'tiny-Q8_0.gguf'))
    expect(byFile.get('tiny-Q8_0.gguf')).toEqual({
      path: join(models, 'org', 'repo', 'tiny-Q8_0.gguf'), name: 'Tiny Llama', fileName: 'tiny-Q8_0.gguf', folder: models, source: 'setting',
      fileSize: tiny.length, architecture: 'llama', parameterCount: summary.parameterCount, quantization: summary.fileType?.name ?? 'F32',
      contextLength: 256, layers: 2, heads: 4, kvHeads: 2, embedding: 64, experts: null, hasChatTemplate: true, error: null,
    })
    expect(byFile.get('tiny-Q4_K_M.gguf')).toMatchObject({ source: 'huggingface', architecture: 'llama', fileSize: tiny.length, error: null })
    expect(byFile.get('broken.gguf')).toMatchObject({ name: 'broken', architecture: null, error: expect.stringMatching(/broken\.gguf/) as string })
    // A split model: once, its parts' sizes and parameters added up.
    expect(byFile.get('big-00001-of-00002.gguf')).toMatchObject({ name: 'Tiny Llama', fileSize: 2 * tiny.length, parameterCount: 2 * summary.parameterCount, error: null })
    expect(byFile.get('half-00001-of-00003.gguf')).toMatchObject({ name: 'half', fileSize: tiny.length, error: 'parts 2, 3 of 3 missing' })

    expect(lib.folders).toEqual([
      { path: models, source: 'setting', exists: true, models: 5, error: null },
      { path: join(home, '.lmstudio', 'models'), source: 'lmstudio', exists: false, models: 0, error: null },
      { path: join(home, '.cache', 'lm-studio', 'models'), source: 'lmstudio', exists: false, models: 0, error: null },
      { path: join(tmp, 'not-a-folder.txt'), source: 'llama.cpp', exists: true, models: 0, error: `${join(tmp, 'not-a-folder.txt')} is not a folder` },
      { path: join(hf, 'hub'), source: 'huggingface', exists: true, models: 1, error: null },
    ])
    expect(lib.scannedMs).toBeGreaterThanOrEqual(0)
  })

  it('summarizeModelFile adds up a split model for the memory estimate', async () => {
    const one = await summarizeGgufFile(join(models, 'split', 'big-00001-of-00002.gguf'))
    const whole = await summarizeModelFile(join(models, 'split', 'big-00001-of-00002.gguf'))
    expect(whole.weightsBytes).toBe(2 * one.weightsBytes)
    expect(whole.blockCount).toBe(one.blockCount)
  })

  it('answers from the last scan until asked to rescan; a rescan reads only changed headers', async () => {
    const scanner = new ModelLibraryScanner()
    const o = { ...opts, modelsPath: join(tmp, 'cache-test'), env: {} }
    const file = join(tmp, 'cache-test', 'a.gguf')
    write(file, tiny)
    const first = await scanner.scan(o)
    expect(first.models.map((m) => m.name)).toEqual(['Tiny Llama'])

    write(join(tmp, 'cache-test', 'b.gguf'), encodeGguf(tinyLlamaSpec(undefined, 'Second')))
    expect(await scanner.scan(o)).toBe(first)
    const second = await scanner.scan(o, { rescan: true })
    expect(second.models.map((m) => m.name).sort()).toEqual(['Second', 'Tiny Llama'])

    // Same size and mtime: the remembered header stands. A new mtime: read again.
    write(file, encodeGguf(tinyLlamaSpec(undefined, 'Tiny Llamb')))
    utimesSync(file, 1_700_000_000, 1_700_000_000)
    await scanner.scan(o, { rescan: true })
    write(file, encodeGguf(tinyLlamaSpec(undefined, 'Tiny Llamc')))
    utimesSync(file, 1_700_000_000, 1_700_000_000)
    expect((await scanner.scan(o, { rescan: true })).models.map((m) => m.name).sort()).toEqual(['Second', 'Tiny Llamb'])
    utimesSync(file, 1_700_000_100, 1_700_000_100)
    expect((await scanner.scan(o, { rescan: true })).models.map((m) => m.name).sort()).toEqual(['Second', 'Tiny Llamc'])
  })

  it('keeps the event loop turning while it scans many files', async () => {
    const many = join(tmp, 'many')
    for (let i = 0; i < 400; i++) write(join(many, `d${i % 20}`, `m${i}.gguf`), `GGUF not really ${i}`)
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    const lib = await new ModelLibraryScanner().scan({ ...opts, modelsPath: many })
    clearInterval(timer)
    expect(lib.models.filter((m) => m.error !== null)).toHaveLength(400)
    expect(ticks).toBeGreaterThan(0)
  })

  it.skipIf(process.getuid?.() === 0)('a folder Kiln may not read is listed with the reason', async () => {
    const locked = join(tmp, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0)
    try {
      const lib = await new ModelLibraryScanner().scan({ ...opts, modelsPath: join(locked, 'inner') })
      expect(lib.folders[0]).toMatchObject({ exists: true, error: `permission denied: Kiln cannot read ${join(locked, 'inner')}` })
    } finally {
      chmodSync(locked, 0o755)
    }
  })
})
