// Resolving what a person types (an id, a unique name, a key prefix) to a group or a member.
import { AppError } from '../../../shared/errors.js'
import type { Workgroup } from './workgroup.js'
import type { MemberRecord } from './roster-ops.js'

export async function resolveGroup(groups: Iterable<Workgroup>, ref: string): Promise<Workgroup> {
  const all = [...groups]
  const byId = all.find((g) => g.id === ref)
  if (byId) return byId
  const named: Workgroup[] = []
  for (const group of all) {
    const meta = await group.meta()
    if (meta?.name === ref) named.push(group)
  }
  if (named.length === 1 && named[0]) return named[0]
  if (named.length > 1) {
    throw new AppError('AMBIGUOUS', `${named.length} groups are named "${ref}": use the group id`)
  }
  throw new AppError('NOT_FOUND', `No workgroup "${ref}" on this device`)
}

export function resolveMember(roster: ReadonlyMap<string, MemberRecord>, ref: string): MemberRecord {
  const members = [...roster.values()]
  const lower = ref.toLowerCase()
  const exact = roster.get(lower)
  if (exact) return exact
  const byPrefix = /^[0-9a-f]+$/.test(lower) ? members.filter((m) => m.key.startsWith(lower)) : []
  const byName = members.filter((m) => m.name === ref)
  const found = byPrefix.length > 0 ? byPrefix : byName
  if (found.length === 1 && found[0]) return found[0]
  if (found.length > 1) {
    throw new AppError('AMBIGUOUS', `"${ref}" matches ${found.length} members: use more of the key`)
  }
  throw new AppError('NOT_FOUND', `No member "${ref}" in this group`)
}
