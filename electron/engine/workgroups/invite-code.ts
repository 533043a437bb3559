// Invite codes: 16 secret bytes, the group's discovery key, and the expiry, in z-base-32. The code
// never carries the group's key: the admin's device hands that (and the encryption key) over only
// after checking the code is live and unused. blind-pairing derives its topic from the discovery key.
import crypto, { type KeyPair } from 'hypercore-crypto'
import z32 from 'z32'
import { AppError } from '../../../shared/errors.js'

const SECRET_BYTES = 16
const TOPIC_BYTES = 32
const BODY_BYTES = SECRET_BYTES + TOPIC_BYTES + 4
/** A checksum, so a mistyped code is refused at once rather than waiting for an admin who never answers. */
const CHECK_BYTES = 2
const CODE_BYTES = BODY_BYTES + CHECK_BYTES
const NS = Buffer.from('peerdesk/invite/v1')

export interface InviteSecret {
  code: string
  keyPair: KeyPair
  /** The seed of the pairing key pair, derived from the secret. */
  seed: Buffer
  /** The invite's id in the roster: hex of its public key. */
  id: string
  /** The group's discovery key: blind-pairing checks the key it is given against it. */
  discoveryKey: Buffer
  expiresAt: number
}

export function createInviteSecret(discoveryKey: Buffer, expiresAt: number): InviteSecret {
  const bytes = Buffer.alloc(CODE_BYTES)
  crypto.randomBytes(SECRET_BYTES).copy(bytes)
  discoveryKey.copy(bytes, SECRET_BYTES)
  bytes.writeUInt32BE(Math.ceil(expiresAt / 1000), SECRET_BYTES + TOPIC_BYTES)
  checksum(bytes).copy(bytes, BODY_BYTES)
  return fromBytes(bytes)
}

export function decodeInviteCode(code: string): InviteSecret {
  let bytes: Buffer
  try {
    bytes = z32.decode(code.trim().toLowerCase())
  } catch {
    throw new AppError('INVITE_INVALID', 'That is not a Peerdesk invite code')
  }
  if (bytes.length !== CODE_BYTES) throw new AppError('INVITE_INVALID', 'That is not a Peerdesk invite code')
  if (!checksum(bytes).equals(bytes.subarray(BODY_BYTES))) {
    throw new AppError('INVITE_INVALID', 'That invite code has a typo: check it, or copy the link instead')
  }
  return fromBytes(bytes)
}

function checksum(bytes: Buffer): Buffer {
  return crypto.hash([NS, bytes.subarray(0, BODY_BYTES)]).subarray(0, CHECK_BYTES)
}

function fromBytes(bytes: Buffer): InviteSecret {
  const seed = crypto.hash([NS, bytes.subarray(0, SECRET_BYTES)])
  const keyPair = crypto.keyPair(seed)
  return {
    code: z32.encode(bytes),
    keyPair,
    seed,
    id: keyPair.publicKey.toString('hex'),
    discoveryKey: Buffer.from(bytes.subarray(SECRET_BYTES, SECRET_BYTES + TOPIC_BYTES)),
    expiresAt: bytes.readUInt32BE(SECRET_BYTES + TOPIC_BYTES) * 1000,
  }
}
