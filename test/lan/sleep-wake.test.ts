// Sleep and wake (the Electron shell calls engine.suspend/resume): connections close while asleep and
// come back after waking. On the loopback testnet: no namespaces or mDNS needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PeerdeskEngine } from '../../electron/engine/index.js'
import { createTestNet, eventually, type TestNet } from '../helpers/testnet.js'

describe('sleep and wake', () => {
  let net: TestNet
  let ana: PeerdeskEngine
  let bo: PeerdeskEngine

  beforeAll(async () => {
    net = await createTestNet()
    ana = await net.engine('Ana')
    bo = await net.engine('Bo')
    const { id } = await ana.service['workgroup.create']({ name: 'Office' })
    const { invite } = await ana.service['invite.create']({ group: id })
    await bo.service['invite.redeem']({ code: invite })
  })

  afterAll(async () => {
    await net.destroy()
  })

  const boOnline = async () =>
    (await ana.service['member.list']({ group: 'Office' })).find((m) => m.name === 'Bo')?.online

  it('a device that sleeps goes offline for the others and is back after it wakes', async () => {
    await eventually(boOnline, (online) => online === true, { what: 'Bo online' })
    await bo.engine.suspend()
    await eventually(boOnline, (online) => online === false, { what: 'Bo offline while asleep' })
    await bo.engine.resume()
    await eventually(boOnline, (online) => online === true, { what: 'Bo online after waking' })
    const report = await bo.service['network.doctor']({})
    expect(report.connections.map((c) => c.name)).toEqual(['Ana'])
  })
})
