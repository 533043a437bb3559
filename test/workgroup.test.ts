import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestNet, eventually, type TestNet } from './helpers/testnet.js'

let net: TestNet
beforeEach(async () => {
  net = await createTestNet()
})
afterEach(async () => {
  await net.destroy()
})

describe('workgroups on a loopback testnet', () => {
  it('three devices create, invite, join and all see each other online', async () => {
    const alice = await net.engine('Alice')
    const bob = await net.engine('Bob')
    const carol = await net.engine('Carol')
    const { id } = await alice.service['workgroup.create']({ name: 'Office' })

    const inviteBob = await alice.service['invite.create']({ group: id })
    expect(inviteBob.link).toBe(`peerdesk://join/${inviteBob.invite}`)
    const joined = await bob.service['invite.redeem']({ code: inviteBob.link })
    expect(joined.group).toBe(id)
    const inviteCarol = await alice.service['invite.create']({ group: 'Office' })
    await carol.service['invite.redeem']({ code: inviteCarol.invite })

    for (const device of [alice, bob, carol]) {
      const members = await eventually(
        () => device.service['member.list']({ group: id }),
        (list) => list.length === 3 && list.every((m) => m.online),
        { what: 'three online members' },
      )
      expect(members.map((m) => m.name).sort()).toEqual(['Alice', 'Bob', 'Carol'])
      expect(members.find((m) => m.name === 'Alice')?.role).toBe('admin')
      expect(members.find((m) => m.name === 'Bob')?.role).toBe('member')
    }
  })
})
