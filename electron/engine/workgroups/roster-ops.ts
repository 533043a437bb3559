// The operations members append to a workgroup's Autobase. Every op comes from a peer, so each is
// validated here before apply() looks at it; an invalid op is skipped, never applied.
import { z } from 'zod'

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes of hex')
const text = z.string().min(1).max(64)
const time = z.number().int().min(0)

export const rosterOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), name: text, device: hex32, deviceName: text, at: time }),
  z.object({ op: z.literal('invite'), id: hex32, expiresAt: time, at: time }),
  z.object({
    op: z.literal('add'),
    device: hex32,
    writer: hex32,
    name: text,
    role: z.enum(['admin', 'member']),
    invite: hex32,
    at: time,
  }),
  z.object({ op: z.literal('rename'), name: text, at: time }),
  z.object({ op: z.literal('remove'), device: hex32, at: time }),
  z.object({ op: z.literal('leave'), at: time }),
  z.object({
    op: z.literal('share'),
    id: z.string().regex(/^[0-9a-f]{16}$/),
    name: text,
    drive: hex32,
    at: time,
  }),
  z.object({ op: z.literal('unshare'), id: z.string().regex(/^[0-9a-f]{16}$/), at: time }),
  z.object({
    op: z.literal('printer'),
    id: z.string().regex(/^[0-9a-f]{16}$/),
    queue: z.string().regex(/^[^\s/#\-\u0000-\u001f\u007f][^\s/#\u0000-\u001f\u007f]{0,126}$/),
    name: text,
    color: z.boolean(),
    duplex: z.boolean(),
    media: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)).max(64),
    state: z.enum(['idle', 'printing', 'stopped']),
    at: time,
  }),
  z.object({ op: z.literal('unprinter'), id: z.string().regex(/^[0-9a-f]{16}$/), at: time }),
])

export type RosterOp = z.infer<typeof rosterOpSchema>

export interface GroupMeta {
  name: string
  createdAt: number
  createdBy: string
}

export interface MemberRecord {
  key: string
  writer: string
  name: string
  role: 'admin' | 'member'
  addedBy: string | null
  addedAt: number
}

export interface InviteRecord {
  /** The invite's public key: the admin opens candidates' requests with it. */
  id: string
  by: string
  createdAt: number
  expiresAt: number
  usedBy: string | null
}

export interface ShareRecord {
  id: string
  name: string
  /** The owner's device key: only it writes the drive. */
  owner: string
  /** The drive's key (hex). */
  drive: string
  createdAt: number
}

/** A printer its owner offers to the group; re-announced when its state or capabilities change. */
export interface PrinterRecord {
  id: string
  /** The owner's device key: only it announces or updates the printer. */
  owner: string
  /** The owner's local queue name. */
  queue: string
  name: string
  color: boolean
  duplex: boolean
  media: string[]
  state: 'idle' | 'printing' | 'stopped'
  createdAt: number
  updatedAt: number
}

export interface RemovalRecord {
  by: string
  at: number
}

/** The view's key layout. */
export const keys = {
  meta: 'meta',
  member: (device: string) => `members/${device}`,
  writer: (writer: string) => `writers/${writer}`,
  invite: (id: string) => `invites/${id}`,
  removed: (device: string) => `removed/${device}`,
  share: (id: string) => `shares/${id}`,
  printer: (id: string) => `printers/${id}`,
}
