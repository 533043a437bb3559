// zod schemas for every method's params: the engine trusts nothing a client sends.
import { z } from 'zod'

const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')

/** A group id or a unique group name. */
const groupRef = z.string().trim().min(1).max(128)

/** A share id, or GROUP/NAME. */
const shareRef = z.string().trim().min(1).max(256)

/** A path inside a share ('/docs/a.txt'); the engine normalises it and refuses escapes. */
const sharePath = z
  .string()
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain NUL')

/** A folder on this device, chosen by its user: absolute. */
const localPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain NUL')
  .refine(
    (s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\'),
    'must be an absolute path',
  )

/** A shared printer: its id, or GROUP/NAME. */
const printerRef = z.string().trim().min(1).max(256)

/** A print queue of this device (CUPS names: no spaces, "/" or "#"). */
const printQueue = z
  .string()
  .regex(/^[^\s/#\-\u0000-\u001f\u007f][^\s/#\u0000-\u001f\u007f]{0,126}$/, 'must be a print queue name')

const printPolicy = z.enum(['allow', 'ask', 'deny'])

const printJobId = z.string().regex(/^[0-9a-f]{16}$/, 'must be a job id')

/** A bootstrap node, HOST:PORT: the engine parses it (bootstrap-list.ts) and refuses anything else. */
const bootstrapNode = z
  .string()
  .trim()
  .min(3, 'must be HOST:PORT')
  .max(300, 'must be HOST:PORT')
  .refine((s) => !/[\s\u0000-\u001f\u007f,]/.test(s), 'must be HOST:PORT')

export const schemas = {
  'device.status': z.object({}).strict(),
  'device.rename': z.object({ name }).strict(),
  'workgroup.create': z.object({ name }).strict(),
  'workgroup.list': z.object({}).strict(),
  'workgroup.leave': z.object({ group: groupRef }).strict(),
  'invite.create': z
    .object({
      group: groupRef,
      expiresInMs: z
        .number()
        .int()
        .min(1000, 'an invite lives at least a second')
        .max(30 * 24 * 3600_000, 'an invite lives at most 30 days')
        .optional(),
    })
    .strict(),
  'invite.redeem': z
    .object({
      code: z.string().trim().min(1).max(1024),
      timeoutMs: z.number().int().min(1000).max(3600_000).optional(),
    })
    .strict(),
  'member.list': z.object({ group: groupRef }).strict(),
  'member.remove': z.object({ group: groupRef, member: z.string().trim().min(1).max(128) }).strict(),
  'events.subscribe': z.object({ since: z.number().int().min(0) }).strict(),
  'share.create': z.object({ group: groupRef, path: localPath, name: name.optional() }).strict(),
  'share.remove': z.object({ share: shareRef }).strict(),
  'share.list': z.object({ group: groupRef }).strict(),
  'share.browse': z.object({ share: shareRef, path: sharePath.optional() }).strict(),
  'share.history': z.object({ share: shareRef, path: sharePath.optional() }).strict(),
  'share.restore': z
    .object({
      share: shareRef,
      path: sharePath.optional(),
      version: z.number().int().min(1),
      dest: localPath,
    })
    .strict(),
  'share.drop': z.object({ share: shareRef }).strict(),
  'file.download': z.object({ share: shareRef, path: sharePath.optional(), dest: localPath }).strict(),
  'sync.add': z.object({ share: shareRef, dest: localPath }).strict(),
  'sync.remove': z.object({ share: shareRef, dest: localPath }).strict(),
  'sync.list': z.object({}).strict(),
  'sync.pause': z.object({ paused: z.boolean(), share: shareRef.optional() }).strict(),
  'transfer.list': z.object({}).strict(),
  'transfer.cancel': z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
  'network.connect': z.object({ address: z.string().trim().min(3).max(300, 'must be HOST:PORT') }).strict(),
  'network.doctor': z.object({}).strict(),
  'printer.local': z.object({}).strict(),
  'printer.list': z.object({ group: groupRef }).strict(),
  'printer.offer': z.object({ group: groupRef, queue: printQueue, policy: printPolicy.optional() }).strict(),
  'printer.withdraw': z.object({ printer: printerRef }).strict(),
  'printer.policy': z
    .object({
      printer: printerRef,
      policy: printPolicy.optional(),
      member: z.string().trim().min(1).max(128).optional(),
      // null takes the member's exception away
      memberPolicy: printPolicy.nullable().optional(),
    })
    .strict()
    .refine((p) => (p.member === undefined) === (p.memberPolicy === undefined), {
      message: 'member and memberPolicy go together',
    }),
  'print.submit': z
    .object({
      printer: printerRef,
      path: localPath,
      copies: z.number().int().min(1).max(99).optional(),
      sides: z.enum(['one-sided', 'two-sided-long-edge', 'two-sided-short-edge']).optional(),
      color: z.enum(['color', 'monochrome']).optional(),
      media: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a paper size like A4 or Letter')
        .optional(),
      title: z
        .string()
        .max(200)
        .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')
        .optional(),
    })
    .strict(),
  'print.jobs': z.object({}).strict(),
  'print.cancel': z.object({ job: printJobId }).strict(),
  'print.approve': z.object({ job: printJobId }).strict(),
  'print.decline': z.object({ job: printJobId }).strict(),
  'settings.get': z.object({}).strict(),
  'settings.update': z
    .object({
      network: z
        .object({
          mode: z.enum(['auto', 'lan', 'custom']),
          bootstrap: z.array(bootstrapNode).max(32, 'at most 32 bootstrap nodes').optional(),
        })
        .strict()
        .optional(),
      startAtLogin: z.boolean().optional(),
    })
    .strict(),
} as const

export type Schemas = typeof schemas
export { name as nameSchema }
