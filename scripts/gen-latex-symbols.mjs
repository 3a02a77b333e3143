#!/usr/bin/env node
// Generates src-renderer/editor/latex-symbols.json, the table behind Kiln's LaTeX/emoji-to-Unicode
// input, from Julia's own REPL tables. Julia is MIT-licensed (https://julialang.org/license); the
// data keeps that notice in its `_source` field.
//
// Source files (JuliaLang/julia, MIT):
//   stdlib/REPL/src/latex_symbols.jl  at 9057b7004798101c03025addeef195945075e1c0
//   stdlib/REPL/src/emoji_symbols.jl  at cd9e3cdf6fdb0dce0cfaa6ad9e459420e670c570
// Fetch local copies, e.g.
//   curl -LO https://raw.githubusercontent.com/JuliaLang/julia/<commit>/stdlib/REPL/src/latex_symbols.jl
// then run:
//   node scripts/gen-latex-symbols.mjs path/to/latex_symbols.jl path/to/emoji_symbols.jl
// (pass --latex-commit/--emoji-commit when regenerating from other commits).
//
// The .jl files are Julia source, but only a tiny subset is used: `const name = "\\prefix"` font
// prefixes and `"\\key" => "value",` / `prefix*"key" => "value",` Dict entries. Later entries win,
// as in Julia's `Dict(...)` constructor.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DEFAULT_COMMITS = {
  latex: '9057b7004798101c03025addeef195945075e1c0',
  emoji: 'cd9e3cdf6fdb0dce0cfaa6ad9e459420e670c570',
}
const OUT = join(dirname(fileURLToPath(import.meta.url)), '../src-renderer/editor/latex-symbols.json')

/** Julia string-literal escapes used in the tables: \\, \", \uXXXX, \UXXXXXX. */
export function unescapeJulia(text) {
  return text.replace(/\\(?:u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|(.))/gu, (_, u4, u8, other) =>
    u4 || u8 ? String.fromCodePoint(parseInt(u4 ?? u8, 16)) : other,
  )
}

const STRING = String.raw`"((?:[^"\\]|\\.)*)"`
const CONST_RE = new RegExp(String.raw`^const (\w+) = ${STRING}\s*$`, 'gmu')
const ENTRY_RE = new RegExp(String.raw`^\s*(?:${STRING}|(\w+)\*${STRING})\s*=>\s*${STRING}`, 'gmu')

/** Parses one table file into [key, value] pairs in file order. */
export function parseJuliaTable(source) {
  const prefixes = new Map()
  for (const m of source.matchAll(CONST_RE)) prefixes.set(m[1], unescapeJulia(m[2]))
  const entries = []
  for (const m of source.matchAll(ENTRY_RE)) {
    let key
    if (m[1] !== undefined) key = unescapeJulia(m[1])
    else {
      const prefix = prefixes.get(m[2])
      if (prefix === undefined) throw new Error(`unknown prefix constant ${m[2]}`)
      key = prefix + unescapeJulia(m[3])
    }
    entries.push([key, unescapeJulia(m[4])])
  }
  return entries
}

function main(argv) {
  const args = argv.filter((a) => !a.startsWith('--'))
  const flag = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  if (args.length !== 2) {
    console.error('usage: gen-latex-symbols.mjs LATEX_SYMBOLS.jl EMOJI_SYMBOLS.jl [--latex-commit=SHA] [--emoji-commit=SHA]')
    process.exit(2)
  }
  const latex = parseJuliaTable(readFileSync(args[0], 'utf8'))
  const emoji = parseJuliaTable(readFileSync(args[1], 'utf8'))
  const symbols = Object.fromEntries([...latex, ...emoji])
  // Sanity: a broken parse shows up here rather than as a silently smaller table.
  const expect = { '\\alpha': 'α', '\\^2': '²', '\\sqrt': '√', '\\in': '∈', '\\:smile:': '😄' }
  for (const [k, v] of Object.entries(expect)) {
    if (symbols[k] !== v) throw new Error(`sanity check failed: ${k} → ${symbols[k]}`)
  }
  if (Object.keys(symbols).length < 3000) throw new Error('suspiciously few symbols')
  const repo = 'JuliaLang/julia'
  const out = {
    _source: {
      license: 'MIT (Julia, https://julialang.org/license)',
      files: [
        { repo, path: 'stdlib/REPL/src/latex_symbols.jl', commit: flag('latex-commit') ?? DEFAULT_COMMITS.latex },
        { repo, path: 'stdlib/REPL/src/emoji_symbols.jl', commit: flag('emoji-commit') ?? DEFAULT_COMMITS.emoji },
      ],
      generator: 'scripts/gen-latex-symbols.mjs',
    },
    symbols,
  }
  writeFileSync(OUT, JSON.stringify(out, null, 0).replace(/,"\\\\/g, ',\n"\\\\') + '\n')
  console.log(`wrote ${Object.keys(symbols).length} symbols (${latex.length} latex + ${emoji.length} emoji entries) to ${OUT}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2))
