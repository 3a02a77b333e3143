// A free TCP port on the loopback interface: listen on port 0, read what the kernel gave, close.
// Another program could take it before the server binds it; the supervisor then sees the server
// exit and restarts it on another port.
import { createServer } from 'node:net'

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the system gave no free port'))))
    })
  })
}
