// A named logger per module. Quiet by default; PEERDESK_LOG=debug|info|warn|error turns it up.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
type Level = keyof typeof LEVELS

function threshold(): number {
  const wanted = process.env.PEERDESK_LOG as Level | undefined
  return LEVELS[wanted && wanted in LEVELS ? wanted : 'warn']
}

export interface Logger {
  debug(msg: string, ...rest: unknown[]): void
  info(msg: string, ...rest: unknown[]): void
  warn(msg: string, ...rest: unknown[]): void
  error(msg: string, ...rest: unknown[]): void
}

export function createLogger(name: string): Logger {
  const at =
    (level: Level) =>
    (msg: string, ...rest: unknown[]) => {
      if (LEVELS[level] < threshold()) return
      console.error(`[${new Date().toISOString()}] ${level} ${name}: ${msg}`, ...rest)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** Fire-and-forget work is always caught and logged, never left as an unhandled rejection. */
export function background(log: Logger, what: string, promise: Promise<unknown>): void {
  promise.catch((err: unknown) =>
    log.warn(`${what} failed: ${err instanceof Error ? err.stack : String(err)}`),
  )
}
