// The chat panel's Markdown parser and the reading-back of Monaco's colorizer output: both give
// data, never HTML, so what a model writes cannot become markup.
import { describe, expect, it } from 'vitest'
import { inlineText, languageOfFence, parseInline, parseMarkdown } from '../../src-renderer/panels/chat/markdown'
import { colorizedToLines } from '../../src-renderer/panels/chat/colorize-runs'

describe('parseMarkdown', () => {
  it('splits paragraphs, headings, lists, quotes and rules', () => {
    const blocks = parseMarkdown('# Title\nfirst line\nsecond line\n\n- one\n- two\n  wrapped\n\n3. three\n4. four\n\n> quoted\n\n---')
    expect(blocks.map((b) => b.t)).toEqual(['h', 'p', 'list', 'list', 'quote', 'hr'])
    expect(blocks[0]).toMatchObject({ t: 'h', level: 1 })
    expect(blocks[1]).toEqual({ t: 'p', children: [{ t: 'text', text: 'first line\nsecond line' }] })
    const bullets = blocks[2]
    expect(bullets.t === 'list' && bullets.items.map(inlineText)).toEqual(['one', 'two\nwrapped'])
    expect(blocks[3]).toMatchObject({ t: 'list', ordered: true, start: 3 })
  })

  it('keeps fenced code verbatim with its language, and an unclosed fence as an open block while streaming', () => {
    const done = parseMarkdown('Try:\n```julia\nf(x) = x^2 # *not emphasis*\n\n<script>alert(1)</script>\n```\nafter')
    expect(done).toEqual([
      { t: 'p', children: [{ t: 'text', text: 'Try:' }] },
      { t: 'code', lang: 'julia', code: 'f(x) = x^2 # *not emphasis*\n\n<script>alert(1)</script>', closed: true },
      { t: 'p', children: [{ t: 'text', text: 'after' }] },
    ])
    const open = parseMarkdown('```jl\nfunction f()\n')
    expect(open).toEqual([{ t: 'code', lang: 'jl', code: 'function f()\n', closed: false }])
  })

  it('keeps raw HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)> hi')).toEqual([{ t: 'p', children: [{ t: 'text', text: '<img src=x onerror=alert(1)> hi' }] }])
  })
})

describe('parseInline', () => {
  it('reads code, strong, emphasis and links', () => {
    expect(parseInline('use `@time f()` or **really** *now* and [docs](https://docs.julialang.org)')).toEqual([
      { t: 'text', text: 'use ' },
      { t: 'code', text: '@time f()' },
      { t: 'text', text: ' or ' },
      { t: 'strong', children: [{ t: 'text', text: 'really' }] },
      { t: 'text', text: ' ' },
      { t: 'em', children: [{ t: 'text', text: 'now' }] },
      { t: 'text', text: ' and ' },
      { t: 'link', children: [{ t: 'text', text: 'docs' }], href: 'https://docs.julialang.org' },
    ])
  })

  it('leaves snake_case, lone stars, escapes and unclosed backticks as text', () => {
    expect(inlineText(parseInline('my_var_name and 2 * 3 * 4'))).toBe('my_var_name and 2 * 3 * 4')
    expect(parseInline('my_var_name')).toEqual([{ t: 'text', text: 'my_var_name' }])
    expect(parseInline('\\*not em\\*')).toEqual([{ t: 'text', text: '*not em*' }])
    expect(parseInline('half `open')).toEqual([{ t: 'text', text: 'half `open' }])
    expect(parseInline('a ``code with ` tick`` b')[1]).toEqual({ t: 'code', text: 'code with ` tick' })
  })
})

describe('languageOfFence', () => {
  it('maps fence names to Monaco language ids', () => {
    expect(languageOfFence('jl')).toBe('julia')
    expect(languageOfFence('julia-repl')).toBe('julia')
    expect(languageOfFence('bash')).toBe('shell')
    expect(languageOfFence(null)).toBeNull()
  })
})

describe('colorizedToLines', () => {
  it('reads Monaco colorizer spans into runs per line, decoding entities and keeping only token classes', () => {
    const html =
      '<div class="monaco-tokenized-source"><span><span class="mtk8">function</span><span class="mtk1">&#160;f(x)&#160;&lt;&#160;1</span></span><br/>' +
      '<span><span class="mtk8 mtki" onclick="x">end</span></span><br/></div>'
    expect(colorizedToLines(html)).toEqual([
      [
        { cls: 'mtk8', text: 'function' },
        { cls: 'mtk1', text: ' f(x) < 1' },
      ],
      [{ cls: 'mtk8 mtki', text: 'end' }],
    ])
  })

  it('keeps a script-looking text as text', () => {
    expect(colorizedToLines('<span class="mtk1">&lt;script&gt;</span><br/>')).toEqual([[{ cls: 'mtk1', text: '<script>' }]])
  })
})
