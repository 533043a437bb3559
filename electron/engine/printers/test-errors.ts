// Test support only: asserts an error by its code (and data.reason), as the style guide asks.
import { expect } from 'vitest'
import { AppError, type ErrorCode } from '../../../shared/errors.js'

/** Runs fn (sync or async), expects an AppError with this code and, if given, data.reason. */
export async function expectAppError(fn: () => unknown, code: ErrorCode, reason?: string): Promise<AppError> {
  let caught: unknown = null
  try {
    await fn()
  } catch (err) {
    caught = err
  }
  expect(caught, 'expected an AppError to be thrown').toBeInstanceOf(AppError)
  const error = caught as AppError
  expect(error.code).toBe(code)
  if (reason !== undefined) expect((error.data as { reason?: string } | undefined)?.reason).toBe(reason)
  return error
}
