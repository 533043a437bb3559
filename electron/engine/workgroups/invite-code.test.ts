import { describe, expect, it } from 'vitest'
import { createInviteSecret, decodeInviteCode } from './invite-code.js'

describe('invite codes', () => {
  it('round-trips the secret, the topic and the expiry (to the second)', () => {
    const topic = Buffer.alloc(32, 5)
    const expiresAt = Date.now() + 60_000
    const secret = createInviteSecret(topic, expiresAt)
    expect(secret.code).toMatch(/^[a-z0-9]{87}$/)
    const decoded = decodeInviteCode(secret.code.toUpperCase())
    expect(decoded.id).toBe(secret.id)
    expect(decoded.discoveryKey.equals(topic)).toBe(true)
    expect(Math.abs(decoded.expiresAt - expiresAt)).toBeLessThan(1000)
  })

  it('gives every invite its own key pair', () => {
    const topic = Buffer.alloc(32)
    expect(createInviteSecret(topic, 1e12).id).not.toBe(createInviteSecret(topic, 1e12).id)
  })

  it('refuses anything that is not a code', () => {
    const good = createInviteSecret(Buffer.alloc(32, 1), 1e12).code
    const typo = good.slice(0, 10) + (good[10] === 'y' ? 'b' : 'y') + good.slice(11)
    for (const bad of ['', 'hello', 'x'.repeat(87), '!!!!', typo]) {
      expect(() => decodeInviteCode(bad)).toThrow(expect.objectContaining({ code: 'INVITE_INVALID' }))
    }
  })
})
