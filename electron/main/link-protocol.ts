// Messages between the main process and the engine's utility process. Each renderer window is one
// `client` there with its own RpcSession; the main process only relays its frames.
import type { Frame } from '../../shared/frames.js'

export type ToEngine =
  | { type: 'open'; client: number }
  | { type: 'frame'; client: number; frame: unknown }
  | { type: 'drop'; client: number }
  | { type: 'suspend' }
  | { type: 'resume' }
  | { type: 'close' }

export type FromEngine =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'frame'; client: number; frame: Frame }
  | { type: 'closed' }

const FROM_ENGINE = new Set(['ready', 'failed', 'frame', 'closed'])
const TO_ENGINE = new Set(['open', 'frame', 'drop', 'suspend', 'resume', 'close'])

function typeOf(msg: unknown): string | null {
  if (typeof msg !== 'object' || msg === null) return null
  const type = (msg as { type?: unknown }).type
  return typeof type === 'string' ? type : null
}

/** Both ends are our own code, so a shape check is enough; frames themselves are validated by the session. */
export function isFromEngine(msg: unknown): msg is FromEngine {
  return FROM_ENGINE.has(typeOf(msg) ?? '')
}

export function isToEngine(msg: unknown): msg is ToEngine {
  const type = typeOf(msg)
  if (!type || !TO_ENGINE.has(type)) return false
  if (type === 'open' || type === 'frame' || type === 'drop') {
    return typeof (msg as { client?: unknown }).client === 'number'
  }
  return true
}
