// tree-sitter-julia through web-tree-sitter, in whatever thread imports this module: the syntax
// worker uses it off the main thread; the CLI and tests use it in-process.
import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { Language, Parser, type Node } from 'web-tree-sitter'
import type { SyntaxDiagnostic, SyntaxReport } from '../../../src-preload/contract'
import { resolveSyntaxAssets, type SyntaxAssets } from './assets'
import { collectErrors } from './diagnostics'
import { extractOutline } from './outline'
import { extractFileIndex, type FileIndex } from './symbol-index'

// Parser.init sets up one wasm runtime per thread; the grammar is loaded once per thread too.
let runtime: Promise<void> | null = null
const grammars = new Map<string, Promise<Language>>()

async function loadLanguage(assets: SyntaxAssets): Promise<Language> {
  // The bytes are read here and handed over (rather than letting emscripten find the files) so the
  // same code works from node_modules, from out/, and from a packaged app's resources folder.
  runtime ??= readFile(assets.runtimeWasm).then((wasmBinary) => Parser.init({ wasmBinary }))
  try {
    await runtime
  } catch (e) {
    runtime = null
    throw e
  }
  let lang = grammars.get(assets.grammarWasm)
  if (!lang) {
    lang = readFile(assets.grammarWasm).then((bytes) => Language.load(new Uint8Array(bytes)))
    grammars.set(assets.grammarWasm, lang)
    lang.catch(() => grammars.delete(assets.grammarWasm))
  }
  return lang
}

export class ParseTimeoutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`parsing took longer than ${budgetMs} ms`)
  }
}

export class JuliaParser {
  private constructor(private readonly parser: Parser) {}

  static async load(assets?: SyntaxAssets): Promise<JuliaParser> {
    const language = await loadLanguage(assets ?? (await resolveSyntaxAssets()))
    const parser = new Parser()
    parser.setLanguage(language)
    return new JuliaParser(parser)
  }

  /**
   * Outline and syntax errors of one Julia source text. With `budgetMs`, a parse running longer
   * is abandoned with ParseTimeoutError (tree-sitter-julia is linear on most code, but some
   * constructs repeated many thousand times make it superlinear; see docs in syntax-service.ts).
   */
  analyze(content: string, budgetMs?: number): SyntaxReport {
    const t0 = performance.now()
    return this.withTree(content, budgetMs, (root) => ({ outline: extractOutline(root), errors: collectErrors(root), parseMs: performance.now() - t0 }))
  }

  /** One file's entry in the workspace symbol index (definitions and identifier occurrences). */
  index(content: string, budgetMs?: number): FileIndex {
    return this.withTree(content, budgetMs, (root) => extractFileIndex(root, content))
  }

  private withTree<T>(content: string, budgetMs: number | undefined, read: (root: Node) => T): T {
    const t0 = performance.now()
    const deadline = budgetMs === undefined ? Infinity : t0 + budgetMs
    // Returning true from the progress callback cancels the parse (web-tree-sitter 0.25).
    const progressCallback = (): boolean => performance.now() > deadline
    const tree = this.parser.parse(content, null, budgetMs === undefined ? undefined : { progressCallback })
    if (!tree) {
      this.parser.reset() // otherwise the next parse would resume this one
      throw new ParseTimeoutError(budgetMs ?? 0)
    }
    try {
      return read(tree.rootNode)
    } finally {
      tree.delete() // trees live in wasm memory: free them, the GC will not
    }
  }

  dispose(): void {
    this.parser.delete()
  }
}

let shared: Promise<JuliaParser> | null = null

/** One parser per thread for in-process callers (CLI, tests). */
function sharedParser(): Promise<JuliaParser> {
  shared ??= JuliaParser.load().catch((e: unknown) => {
    shared = null
    throw e
  })
  return shared
}

/** Parses in this thread: for the CLI and tests; the app goes through SyntaxService's worker. */
export async function analyzeJulia(content: string, budgetMs?: number): Promise<SyntaxReport> {
  return (await sharedParser()).analyze(content, budgetMs)
}

/** One file's symbol index, parsed in this thread: for the CLI and tests. */
export async function indexJulia(content: string, budgetMs?: number): Promise<FileIndex> {
  return (await sharedParser()).index(content, budgetMs)
}

/** Syntax errors only, e.g. for a test that every shipped resources/julia/*.jl file parses cleanly. */
export async function parseErrors(content: string): Promise<SyntaxDiagnostic[]> {
  return (await analyzeJulia(content)).errors
}
