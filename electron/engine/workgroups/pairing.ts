// Invites over blind-pairing. The admin's side answers requests on each live invite's topic; the
// joiner's side sends its device and writer key and waits for the group key and encryption key.
import BlindPairing, { type MemberRequest, type PairingMember } from 'blind-pairing'
import { z } from 'zod'
import { AppError } from '../../../shared/errors.js'
import { decodeInviteCode, type InviteSecret } from './invite-code.js'

/** What a joiner tells the admin about itself, inside the encrypted pairing request. */
export const candidateSchema = z.object({
  device: z.string().regex(/^[0-9a-f]{64}$/),
  writer: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1).max(64),
})
export type CandidateInfo = z.infer<typeof candidateSchema>

export type Verdict =
  { ok: true; key: Buffer; encryptionKey: Buffer } | { ok: false; status: 'used' | 'expired' | 'rejected' }

const LINGER_MS = 10_000

const DENY_STATUS = { rejected: 1, used: 2, expired: 3 } as const

/** The admin's side: one blind-pairing member per group that has live invites. */
export class InviteDesk {
  readonly #pairing: BlindPairing
  readonly #open = new Map<string, { member: PairingMember; timer: NodeJS.Timeout | null }>()
  readonly #live = new Set<string>()

  constructor(pairing: BlindPairing) {
    this.#pairing = pairing
  }

  /**
   * Answer pairing requests on a group's topic; `onRequest` opens, checks and answers each one.
   * `live`: the group has an invite that can still be redeemed, so strangers may connect for pairing.
   * Without one the desk still answers over the DHT, so a used or expired code gets a clear refusal.
   */
  answer(
    groupId: string,
    discoveryKey: Buffer,
    onRequest: (request: MemberRequest) => Promise<void>,
    live: boolean,
  ): void {
    if (live) this.#live.add(groupId)
    else this.#live.delete(groupId)
    const entry = this.#open.get(groupId)
    if (entry) {
      // A stop was pending (the last invite was used), but a new invite arrived: keep answering.
      if (entry.timer) clearTimeout(entry.timer)
      entry.timer = null
      return
    }
    const member = this.#pairing.addMember({ discoveryKey, onadd: onRequest })
    this.#open.set(groupId, { member, timer: null })
  }

  /** Whether any group has a live invite: only then may unknown devices connect, to pair. */
  hasLiveInvites(): boolean {
    return this.#live.size > 0
  }

  /**
   * Stop answering for a group. By default after a linger: the admin's confirmation may still be on
   * its way (over the connection or the DHT) when the roster already shows the invite used.
   */
  stop(groupId: string, lingerMs = LINGER_MS): void {
    this.#live.delete(groupId)
    const entry = this.#open.get(groupId)
    if (!entry || entry.timer) return
    entry.timer = setTimeout(() => void this.#closeMember(groupId), lingerMs)
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((id) => this.#closeMember(id)))
  }

  async #closeMember(groupId: string): Promise<void> {
    const entry = this.#open.get(groupId)
    if (!entry) return
    this.#open.delete(groupId)
    if (entry.timer) clearTimeout(entry.timer)
    await entry.member.close().catch(() => undefined)
  }
}

/** Find which of the given invites a request was made with, and read the candidate it describes. */
export function openRequest(
  request: MemberRequest,
  inviteIds: string[],
): { inviteId: string; candidate: CandidateInfo | null } | null {
  for (const id of inviteIds) {
    let userData: Buffer
    try {
      userData = request.open(Buffer.from(id, 'hex'))
    } catch {
      continue
    }
    try {
      return { inviteId: id, candidate: candidateSchema.parse(JSON.parse(userData.toString('utf8'))) }
    } catch {
      return { inviteId: id, candidate: null }
    }
  }
  return null
}

export function answer(request: MemberRequest, verdict: Verdict): void {
  if (verdict.ok) request.confirm({ key: verdict.key, encryptionKey: verdict.encryptionKey })
  else request.deny({ status: DENY_STATUS[verdict.status] })
}

export interface RedeemOptions {
  pairing: BlindPairing
  code: string
  candidate: CandidateInfo
  timeoutMs: number
  signal?: AbortSignal
}

/** The joiner's side: resolves with the group key and encryption key once an admin admits us. */
export async function redeemInvite(opts: RedeemOptions): Promise<{ key: Buffer; encryptionKey: Buffer }> {
  const secret = decodeInviteCode(opts.code)
  if (secret.expiresAt <= Date.now()) {
    throw new AppError('INVITE_EXPIRED', 'This invite has expired: ask an admin for a new one')
  }
  const invite = pairingInvite(secret)
  const candidate = opts.pairing.addCandidate({
    invite,
    userData: Buffer.from(JSON.stringify(opts.candidate)),
  })
  const request = candidate.request
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise((resolve, reject) => {
      request.on('rejected', (err) => reject(rejection(err.code)))
      request.on('accepted', (auth) => {
        if (!auth.encryptionKey) reject(new AppError('INVITE_INVALID', 'The admin sent no encryption key'))
        else resolve({ key: auth.key, encryptionKey: auth.encryptionKey })
      })
      timer = setTimeout(
        () => {
          reject(
            new AppError(
              'TIMEOUT',
              `No admin of the group answered within ${Math.round(opts.timeoutMs / 1000)} s: an admin's device must be online`,
            ),
          )
        },
        Math.min(opts.timeoutMs, secret.expiresAt - Date.now() + 1000),
      )
      opts.signal?.addEventListener('abort', () =>
        reject(new AppError('CLOSED', 'The node is shutting down')),
      )
    })
  } finally {
    clearTimeout(timer)
    await candidate.close().catch(() => undefined)
  }
}

function pairingInvite(secret: InviteSecret): Buffer {
  // blind-pairing only uses the seed and the topic from this: the first argument is not sent.
  return BlindPairing.createInvite(secret.discoveryKey, {
    seed: secret.seed,
    discoveryKey: secret.discoveryKey,
    expires: secret.expiresAt,
  }).invite
}

function rejection(code: string | undefined): AppError {
  if (code === 'INVITE_USED')
    return new AppError('INVITE_USED', 'This invite has already been used: ask an admin for a new one')
  if (code === 'INVITE_EXPIRED')
    return new AppError('INVITE_EXPIRED', 'This invite has expired: ask an admin for a new one')
  return new AppError('FORBIDDEN', 'The admin refused this invite')
}
