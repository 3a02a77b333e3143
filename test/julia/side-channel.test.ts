// The side channel's door: only a hello with the right token gets in, and only once.
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src-main/lib/log'
import { SideChannel } from '../../src-main/services/julia/side-channel'

const open: SideChannel[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.dispose()
})

async function listen(helloTimeoutMs = 5000) {
  const log = memoryLogger()
  const channel = await SideChannel.listen({ log, helloTimeoutMs })
  open.push(channel)
  return { channel, log }
}

const dial = (address: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(address, () => resolve(s))
    s.on('error', reject)
  })
const closed = (s: Socket): Promise<void> => new Promise((resolve) => (s.destroyed ? resolve() : s.on('close', () => resolve())))
const hello = (token: string): string => `${JSON.stringify({ type: 'hello', protocol: 1, token, version: '1.12.1', pid: 1, threads: 1, project: '/p/Project.toml' })}\n`

describe('SideChannel', () => {
  it('has a 64-hex token and a socket in a private folder', async () => {
    const { channel } = await listen()
    expect(channel.token).toMatch(/^[0-9a-f]{64}$/)
    expect(channel.address).toMatch(/kiln-[0-9a-f]{24}[/\\]repl\.sock$/)
  })

  it('closes connections with a wrong token, a non-hello first line, or no hello in time', async () => {
    const { channel, log } = await listen(300)
    const wrong = await dial(channel.address)
    wrong.write(hello('f'.repeat(64)))
    const notHello = await dial(channel.address)
    notHello.write('{"type":"result","id":"e1","ok":true}\n')
    const silent = await dial(channel.address)
    await Promise.all([closed(wrong), closed(notHello), closed(silent)])
    expect(channel.rejected).toBe(3)
    const said = log.lines.join('\n')
    for (const why of ['wrong token', 'the first message was not a hello', 'no hello in time']) expect(said).toContain(why)
    // Still listening: the right token gets in, and its messages flow.
    const good = await dial(channel.address)
    const got: string[] = []
    channel.onMessage((m) => got.push(m.type))
    good.write(hello(channel.token) + '{"type":"pong","id":"p1"}\n')
    expect((await channel.connected).pid).toBe(1)
    await new Promise((r) => setTimeout(r, 50))
    expect(got).toEqual(['pong'])
    expect(channel.isConnected).toBe(true)
  })

  it('stops listening after the hello', async () => {
    const { channel } = await listen()
    const good = await dial(channel.address)
    good.write(hello(channel.token))
    await channel.connected
    await new Promise((r) => setTimeout(r, 50))
    await expect(dial(channel.address)).rejects.toThrow()
  })

  it('drops a connection that floods before saying hello', async () => {
    const { channel } = await listen()
    const s = await dial(channel.address)
    s.on('error', () => {})
    s.write('x'.repeat(200_000))
    await closed(s)
    expect(channel.rejected).toBe(1)
  })
})
