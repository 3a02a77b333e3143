// A throwaway HTTP server on 127.0.0.1 that answers with the test's handler (body read first),
// closed after each test: for client and service tests that need a server to misbehave on cue.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

export type FakeHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r) })))
})

/** Starts a server; resolves with its base URL. */
export async function fakeHttp(handler: FakeHandler): Promise<string> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => handler(req, res, body))
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
