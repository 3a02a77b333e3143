import type { IBuffer, ILink } from '@xterm/xterm'
import { describe, expect, it } from 'vitest'
import { createFileLinkProvider, type FileLinkTarget } from '../../src-renderer/panels/terminal/link-provider'
import { toWorkspacePath } from '../../src-renderer/panels/terminal/links'

/** A buffer of `cols`-wide rows; each string is one row, '\u0000' marks a wide character's right half. */
function fakeBuffer(rows: Array<{ text: string; wrapped?: boolean }>, cols: number): IBuffer {
  const line = (row: { text: string; wrapped?: boolean }) => {
    const chars = [...row.text]
    return {
      isWrapped: row.wrapped ?? false,
      length: cols,
      getCell: (x: number) => {
        const c = chars[x] ?? ''
        return c === '\u0000' ? { getWidth: () => 0, getChars: () => '' } : { getWidth: () => (/[\u3000-\u9fff]/.test(c) ? 2 : 1), getChars: () => c }
      },
    }
  }
  const lines = rows.map(line)
  return { length: lines.length, getLine: (y: number) => lines[y] } as unknown as IBuffer
}

function provider(buffer: IBuffer, existing: string[]) {
  const opened: Array<[string, number, number | undefined]> = []
  const target: FileLinkTarget = {
    resolve: (p) => toWorkspacePath(p, '/w/proj', '/w'),
    exists: async (p) => existing.includes(p),
    open: (path, line, column) => void opened.push([path, line, column]),
  }
  const links = (row: number) =>
    new Promise<ILink[] | undefined>((resolve) => createFileLinkProvider(() => buffer, target).provideLinks(row, resolve))
  return { links, opened }
}

describe('file link provider', () => {
  it('links an existing workspace file at the right cells and opens it at line and column', async () => {
    const p = provider(fakeBuffer([{ text: 'ERROR at src/a.jl:12:3' }], 40), ['src/a.jl'])
    const [link, ...rest] = (await p.links(1)) ?? []
    expect(rest).toEqual([])
    expect(link?.range).toEqual({ start: { x: 10, y: 1 }, end: { x: 22, y: 1 } })
    link?.activate({} as MouseEvent, link.text)
    expect(p.opened).toEqual([['src/a.jl', 12, 3]])
  })

  it('offers no link for missing files or files outside the workspace', async () => {
    const p = provider(fakeBuffer([{ text: 'src/gone.jl:1 /etc/x.jl:2 ~/other/y.jl:3' }], 60), ['src/a.jl'])
    expect(await p.links(1)).toBeUndefined()
  })

  it('maps cells past wide characters', async () => {
    // '日本' occupies four cells; the link starts at cell 6.
    const p = provider(fakeBuffer([{ text: '日\u0000本\u0000 a.jl:5' }], 20), ['a.jl'])
    const links = await p.links(1)
    expect(links?.[0]?.range).toEqual({ start: { x: 6, y: 1 }, end: { x: 11, y: 1 } })
  })

  it('follows a link across a wrapped line', async () => {
    const buffer = fakeBuffer([{ text: 'at /w/proj/src/lo' }, { text: 'ng.jl:7 done', wrapped: true }], 17)
    const p = provider(buffer, ['src/long.jl'])
    for (const row of [1, 2]) {
      const links = await p.links(row)
      expect(links?.[0]?.range).toEqual({ start: { x: 4, y: 1 }, end: { x: 7, y: 2 } })
    }
    ;(await p.links(2))?.[0]?.activate({} as MouseEvent, '')
    expect(p.opened).toEqual([['src/long.jl', 7, undefined]])
  })
})
