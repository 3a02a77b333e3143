// Conversations on disk: per workspace, atomic, a corrupt file skipped without losing the others.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ChatConversation } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { ConversationStore, titleFrom } from '../../src-main/services/chat/conversation-store'

const tmp = mkdtempSync(join(tmpdir(), 'kiln-chat-store-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const conv = (id: string, updatedAt: number, title = id): ChatConversation => ({
  id,
  title,
  createdAt: 1,
  updatedAt,
  messages: [{ id: 'm1', role: 'user', content: 'hi', context: [], createdAt: 1, state: 'done', error: null, timings: null, notice: null }],
})

describe('ConversationStore', () => {
  it('keeps conversations per workspace, listed newest first', async () => {
    const store = new ConversationStore(join(tmp, 'a'), memoryLogger())
    await store.save('/ws/one', conv('c1', 10))
    await store.save('/ws/one', conv('c2', 30))
    await store.save('/ws/two', conv('c3', 20))
    await store.save(null, conv('c4', 5))
    expect((await store.list('/ws/one')).map((s) => s.id)).toEqual(['c2', 'c1'])
    expect((await store.list('/ws/two')).map((s) => s.id)).toEqual(['c3'])
    expect((await store.list(null)).map((s) => [s.id, s.messages])).toEqual([['c4', 1]])
    expect(await store.get('/ws/one', 'c1')).toEqual(conv('c1', 10))
    await expect(store.get('/ws/two', 'c1')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await store.delete('/ws/one', 'c1')
    expect((await store.list('/ws/one')).map((s) => s.id)).toEqual(['c2'])
  })

  it('skips a corrupt file with a log line and still lists the others', async () => {
    const log = memoryLogger()
    const store = new ConversationStore(join(tmp, 'b'), log)
    await store.save('/ws', conv('good', 1))
    writeFileSync(join(store.dirFor('/ws'), 'bad.json'), '{"version":1,"id":"bad",')
    writeFileSync(join(store.dirFor('/ws'), 'alien.json'), JSON.stringify({ hello: 1 }))
    expect((await store.list('/ws')).map((s) => s.id)).toEqual(['good'])
    expect(log.lines.filter((l) => l.includes('skipping unreadable conversation'))).toHaveLength(2)
    await expect(store.get('/ws', 'bad')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('writes atomically (no temp files left) and the last of overlapping saves wins', async () => {
    const store = new ConversationStore(join(tmp, 'c'), memoryLogger())
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.save('/ws', conv('x', n, `v${n}`))))
    expect((await store.get('/ws', 'x')).title).toBe('v5')
    expect(readdirSync(store.dirFor('/ws'))).toEqual(['x.json'])
  })

  it('refuses ids that could name a file outside its folder', async () => {
    const store = new ConversationStore(join(tmp, 'd'), memoryLogger())
    await expect(store.get('/ws', '../../settings')).rejects.toMatchObject({ code: 'INVALID_ARGS' })
  })

  it('marks a reply left streaming by a crash as cut off, text kept', async () => {
    const store = new ConversationStore(join(tmp, 'e'), memoryLogger())
    const c = conv('s', 1)
    c.messages.push({ ...c.messages[0]!, id: 'r', role: 'assistant', content: 'partial', state: 'streaming' })
    await store.save('/ws', c)
    expect((await store.get('/ws', 's')).messages[1]).toMatchObject({ state: 'cut-off', content: 'partial' })
  })

  it('titles from the first message, on one line, cut near 60 characters', () => {
    expect(titleFrom('  How do I\n  trim this?  ')).toBe('How do I trim this?')
    const long = titleFrom('word '.repeat(30))
    expect(long.length).toBeLessThanOrEqual(61)
    expect(long.endsWith('word…')).toBe(true)
  })
})
