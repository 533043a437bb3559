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
} as const

export type Schemas = typeof schemas
export { name as nameSchema }
