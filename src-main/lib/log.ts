// A tiny leveled logger. Services take one through their constructor so tests can silence or read it.
export interface Logger {
  info(message: string, ...rest: unknown[]): void
  warn(message: string, ...rest: unknown[]): void
  error(message: string, ...rest: unknown[]): void
}

export const consoleLogger = (scope: string): Logger => ({
  info: (m, ...r) => console.log(`[${scope}] ${m}`, ...r),
  warn: (m, ...r) => console.warn(`[${scope}] ${m}`, ...r),
  error: (m, ...r) => console.error(`[${scope}] ${m}`, ...r),
})

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }

/** Collects log lines; for tests. */
export const memoryLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = []
  const push = (level: string) => (m: string) => void lines.push(`${level} ${m}`)
  return { lines, info: push('info'), warn: push('warn'), error: push('error') }
}
