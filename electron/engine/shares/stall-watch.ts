// Ends a transfer that can make no progress: no peer holds the data and nothing arrived for a while.
// What was fetched stays in the local store, so running it again later resumes.
import type Hyperdrive from 'hyperdrive'
import { AppError } from '../../../shared/errors.js'

export interface StallWatch {
  signal: AbortSignal
  /** Call on every bit of progress. */
  touch(): void
  stop(): void
}

export function watchForStall(drive: Hyperdrive, stallMs: number, what: string): StallWatch {
  const abort = new AbortController()
  let last = Date.now()
  const peers = () => drive.core.peers.length + (drive.blobs?.core.peers.length ?? 0)
  const timer = setInterval(
    () => {
      if (Date.now() - last < stallMs || peers() > 0) return
      abort.abort(
        new AppError(
          'UNAVAILABLE',
          `${what} stalled: no online member has the rest of it. Try again when the owner is online`,
        ),
      )
    },
    Math.min(1000, stallMs),
  )
  return {
    signal: abort.signal,
    touch: () => {
      last = Date.now()
    },
    stop: () => clearInterval(timer),
  }
}
