// The admin's side of joining: answer requests on a group's topic while it has live invites, and
// admit a candidate only if its invite is live and unused. The add op is in the roster before the
// candidate is given the key.
import type { MemberRequest } from 'blind-pairing'
import type { Engine } from '../engine.js'
import { createLogger } from '../logger.js'
import type { Workgroup } from './workgroup.js'
import { answer, openRequest, type CandidateInfo, type Verdict } from './pairing.js'
import type { InviteRecord } from './roster-ops.js'

const log = createLogger('admission')

const ADMIT_TIMEOUT_MS = 15_000
/** How long after an invite expired its code still gets a clear refusal rather than silence. */
const REFUSE_FOR_MS = 7 * 24 * 3600_000

export async function answerInvites(engine: Engine, group: Workgroup): Promise<void> {
  const invites = await group.invites()
  const now = Date.now()
  const recent = invites.filter((i) => i.expiresAt > now - REFUSE_FOR_MS)
  if (recent.length === 0) {
    engine.desk.stop(group.id)
    return
  }
  const live = invites.some((i) => isLive(i))
  engine.desk.answer(group.id, group.discoveryKey, (request) => onRequest(engine, group, request), live)
}

async function onRequest(engine: Engine, group: Workgroup, request: MemberRequest): Promise<void> {
  const invites = await group.invites()
  const opened = openRequest(
    request,
    invites.map((i) => i.id),
  )
  const invite = opened && invites.find((i) => i.id === opened.inviteId)
  if (!opened?.candidate || !invite) {
    log.info('refused a pairing request that opens with none of our invites')
    answer(request, { ok: false, status: 'rejected' })
    return
  }
  answer(request, await admit(engine, group, invite, opened.candidate))
}

async function admit(
  engine: Engine,
  group: Workgroup,
  invite: InviteRecord,
  candidate: CandidateInfo,
): Promise<Verdict> {
  if (engine.closing || !engine.groups.has(group.id)) return { ok: false, status: 'rejected' }
  // The same device asking again (its first answer was lost) gets the key again.
  if (invite.usedBy === candidate.device && group.roster.has(candidate.device)) return confirm(group)
  if (invite.usedBy) return { ok: false, status: 'used' }
  if (invite.expiresAt <= Date.now()) return { ok: false, status: 'expired' }
  if (group.roster.get(engine.identity.key)?.role !== 'admin') return { ok: false, status: 'rejected' }

  await group.append({
    op: 'add',
    device: candidate.device,
    writer: candidate.writer,
    name: candidate.name,
    role: 'member',
    invite: invite.id,
    at: Date.now(),
  })
  await engine.waitForRoster(group, (r) => r.has(candidate.device), ADMIT_TIMEOUT_MS, 'the new member')
  const applied = await group.invite(invite.id)
  if (applied?.usedBy !== candidate.device) return { ok: false, status: 'used' }
  log.info(`admitted ${candidate.name} to ${group.id}`)
  engine.events.emit('invite.redeemed', { groupId: group.id, key: candidate.device, name: candidate.name })
  return confirm(group)
}

function isLive(invite: InviteRecord): boolean {
  return !invite.usedBy && invite.expiresAt > Date.now()
}

function confirm(group: Workgroup): Verdict {
  const encryptionKey = group.base.encryptionKey
  if (!encryptionKey) return { ok: false, status: 'rejected' }
  return { ok: true, key: group.key, encryptionKey }
}
