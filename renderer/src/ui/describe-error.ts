// Turns an AppError into words for a person: what happened (the engine's message) and what to do.
import type { AppError, ErrorCode } from '../../../shared/errors.js'

const hints: Partial<Record<ErrorCode, string>> = {
  DISCONNECTED: 'Peerdesk is reconnecting to its background service. Try again in a moment.',
  CLOSED: 'Peerdesk is shutting down. Start it again to continue.',
  NOT_RUNNING: 'Start Peerdesk again to continue.',
  UNAUTHORIZED: 'Open Peerdesk again from the app or the address `peerdesk serve` printed.',
  INVITE_INVALID: 'Check that you copied the whole code, or ask for a new invite.',
  INVITE_EXPIRED: 'Ask an admin of the group for a new invite.',
  INVITE_USED: 'Each invite works once. Ask an admin of the group for a new one.',
  TIMEOUT: 'An admin of the group has to be online to let you in. Try again when they are.',
  FORBIDDEN: 'Ask an admin of the group to do this.',
  UNAVAILABLE: 'Check your network connection and try again.',
  DISK_FULL: 'Free some disk space and try again.',
  INTERNAL: 'Something went wrong inside Peerdesk. Try again; if it keeps happening, restart the app.',
}

export interface ErrorText {
  message: string
  hint: string | null
}

export function describeError(err: Pick<AppError, 'code' | 'message'>): ErrorText {
  const message = err.message.trim() || 'Something went wrong'
  return { message: /[.!?]$/.test(message) ? message : `${message}.`, hint: hints[err.code] ?? null }
}
