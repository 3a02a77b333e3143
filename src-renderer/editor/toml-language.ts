// TOML (Project.toml, Manifest.toml, JuliaC configs): Monaco has no TOML grammar, so a small
// Monarch one: tables, keys, strings (basic, literal, multi-line), numbers, dates, booleans.
import type { Monaco } from './monaco'

export function registerToml(monaco: Monaco): void {
  monaco.languages.register({ id: 'toml', extensions: ['.toml'], aliases: ['TOML', 'toml'] })
  monaco.languages.setLanguageConfiguration('toml', {
    comments: { lineComment: '#' },
    brackets: [
      ['[', ']'],
      ['{', '}'],
    ],
    autoClosingPairs: [
      { open: '[', close: ']' },
      { open: '{', close: '}' },
      { open: '"', close: '"', notIn: ['string'] },
      { open: "'", close: "'", notIn: ['string'] },
    ],
  })
  monaco.languages.setMonarchTokensProvider('toml', {
    tokenPostfix: '.toml',
    tokenizer: {
      root: [
        [/^\s*\[\[[^\]]*\]\]/, 'type'],
        [/^\s*\[[^\]]*\]/, 'type'],
        [/#.*$/, 'comment'],
        [/([A-Za-z0-9_\-.]+|"[^"]*"|'[^']*')(\s*)(=)/, ['key', '', 'delimiter']],
        { include: '@value' },
      ],
      value: [
        [/"""/, 'string', '@mlBasic'],
        [/'''/, 'string', '@mlLiteral'],
        [/"/, 'string', '@basic'],
        [/'[^']*'/, 'string'],
        [/\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/, 'number'],
        [/[+-]?(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|inf|nan)/, 'number'],
        [/[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?/, 'number'],
        [/\b(?:true|false)\b/, 'keyword'],
        [/[[\]{},]/, 'delimiter'],
        [/#.*$/, 'comment'],
      ],
      basic: [
        [/[^"\\]+/, 'string'],
        [/\\./, 'string.escape'],
        [/"/, 'string', '@pop'],
      ],
      mlBasic: [
        [/"""/, 'string', '@pop'],
        [/\\./, 'string.escape'],
        [/[^"\\]+|"/, 'string'],
      ],
      mlLiteral: [
        [/'''/, 'string', '@pop'],
        [/[^']+|'/, 'string'],
      ],
    },
  })
}
