// While a generation runs, a 1 ms no-op interval keeps the event loop from sleeping between
// tokens. Measured here (2-core VM, plain node-llama-cpp script, tiny model): with the loop idle,
// each token's hand-off from the native evaluation back to JavaScript costs milliseconds, and the
// interval doubles tokens/s (83 -> 195); 10 ms gets part of it, 50 ms almost none. Its own cost is
// a no-op callback a millisecond, only while tokens are being generated.
let users = 0
let timer: NodeJS.Timeout | null = null

/** Marks a generation running; call the returned function when it ends. */
export function keepAwake(): () => void {
  users++
  timer ??= setInterval(() => {}, 1)
  let released = false
  return () => {
    if (released) return
    released = true
    if (--users === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}
