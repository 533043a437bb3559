// Turns roster records into the contract's plain data.
import type { Member, Workgroup as WorkgroupInfo } from '../../../shared/types.js'
import { fingerprint } from '../identity.js'
import type { Workgroup } from './workgroup.js'
import type { MemberRecord } from './roster-ops.js'

export interface PresenceSource {
  identity: { key: string }
  isOnline(key: string): boolean
  lastSeen(key: string): number | null
}

export function describeMember(presence: PresenceSource, _group: Workgroup, member: MemberRecord): Member {
  const online = presence.isOnline(member.key)
  return {
    key: member.key,
    name: member.name,
    role: member.role,
    fingerprint: fingerprint(member.key),
    addedBy: member.addedBy,
    addedAt: member.addedAt,
    online,
    lastSeen: online ? Date.now() : presence.lastSeen(member.key),
    self: member.key === presence.identity.key,
  }
}

export async function describeGroup(presence: PresenceSource, group: Workgroup): Promise<WorkgroupInfo> {
  const meta = await group.meta()
  const members = [...group.roster.values()]
  return {
    id: group.id,
    name: meta?.name ?? '(joining…)',
    role: group.roster.get(presence.identity.key)?.role ?? 'member',
    members: members.length,
    online: members.filter((m) => presence.isOnline(m.key)).length,
    createdAt: meta?.createdAt ?? 0,
  }
}

/** Who owns a share or a printer, as the contract shows it. */
export function ownerOf(
  presence: PresenceSource,
  group: Workgroup,
  owner: string,
): { owner: string; ownerName: string; ownerOnline: boolean; self: boolean } {
  return {
    owner,
    ownerName: group.roster.get(owner)?.name ?? 'A former member',
    ownerOnline: presence.isOnline(owner),
    self: owner === presence.identity.key,
  }
}
