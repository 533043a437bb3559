// The one error type that crosses the contract: a closed set of codes plus a human message.

export const ERROR_CODES = [
  'BAD_FRAME',
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'AMBIGUOUS',
  'CONFLICT',
  'FORBIDDEN',
  'INVITE_INVALID',
  'INVITE_EXPIRED',
  'INVITE_USED',
  'REMOVED',
  'TIMEOUT',
  'CLOSED',
  'NOT_RUNNING',
  'DISCONNECTED',
  'UNAVAILABLE',
  'PATH_UNSAFE',
  'DISK_FULL',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface WireError {
  code: ErrorCode
  message: string
  data?: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly data: unknown

  constructor(code: ErrorCode, message: string, data?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.data = data
  }

  toWire(): WireError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data }
  }

  static fromWire(wire: WireError): AppError {
    return new AppError(wire.code, wire.message, wire.data)
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/** Anything thrown becomes a wire error; unknown errors become INTERNAL and keep no detail. */
export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) return err.toWire()
  return { code: 'INTERNAL', message: 'Internal error' }
}
