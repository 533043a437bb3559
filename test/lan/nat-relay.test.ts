// Two devices, each behind its own hostile NAT (a symmetric, port-randomising masquerade that drops
// unsolicited traffic), cannot holepunch to each other; an office server both reach relays their
// encrypted connection. Real `peerdesk` processes in network namespaces (root, `ip` and `iptables`).
// The "internet" is 203.0.113.0/24 (TEST-NET-3) on a bridge in its own namespace: nothing leaves the lab.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Lab, natSkipReason } from '../helpers/netns.js'
import { eventually } from '../helpers/testnet.js'
import {
  allOnline,
  device,
  doctor,
  freshCliBundle,
  invite,
  serve,
  stop,
  tmpRoot,
  type Device,
} from './lan-helpers.js'

const skip = natSkipReason()
if (skip) console.warn(`skipping the NAT relay test: ${skip}`)

describe.skipIf(skip !== null)('two devices behind hostile NATs', () => {
  const lab = new Lab()
  let root = ''
  const devices: Device[] = []
  let office: ReturnType<Lab['start']> | null = null
  let officeAddress = ''
  let relayKey = ''

  beforeAll(async () => {
    await freshCliBundle()
    root = await tmpRoot()
    const wan = await lab.bridge('wan', '203.0.113')
    const home1 = await lab.bridge('home1', '10.79.1')
    const home2 = await lab.bridge('home2', '10.79.2')
    await lab.natRouter('nat1', home1, wan, 11)
    await lab.natRouter('nat2', home2, wan, 12)
    for (const [name, home] of [
      ['a', home1],
      ['b', home2],
    ] as const) {
      const host = await lab.host(name, home, 10)
      await lab.defaultRoute(host)
      devices.push(await device(root, host))
    }
    const server = await lab.host('office', wan, 5)
    office = lab.start(server.ns, ['--data', path.join(root, 'office'), 'bootstrap', '--relay', '--json'])
    const started = office
    const info = JSON.parse(
      await eventually(
        () => started.output(),
        (out) => out.includes('"relay"'),
        { what: 'the office server' },
      ),
    ) as { host: string; port: number; relay: string }
    expect(info.host).toBe('203.0.113.5')
    officeAddress = `${info.host}:${info.port}`
    relayKey = info.relay
  }, 60_000)

  afterAll(async () => {
    await Promise.all(devices.map(stop))
    await office?.stop()
    await lab.teardown()
    if (root) await fs.rm(root, { recursive: true, force: true })
  }, 60_000)

  it('pair through the office relay, see each other online, and download a file', async () => {
    const [a, b] = devices as [Device, Device]
    const started = Date.now()
    const flags = ['--bootstrap', officeAddress, '--relay-through', relayKey]
    await Promise.all([serve(lab, a, flags), serve(lab, b, flags)])
    await lab.cliJson(a.host, ['--data', a.dir, 'name', 'Ana'])
    await lab.cliJson(b.host, ['--data', b.dir, 'name', 'Bo'])
    await lab.cliJson(a.host, ['--data', a.dir, 'group', 'create', 'Remote'])
    await invite(lab, a, b, 'Remote')
    await Promise.all([a, b].map((d) => allOnline(lab, d, 'Remote', ['Ana', 'Bo'])))
    const online = Date.now() - started

    const reports = await Promise.all([a, b].map((d) => doctor(lab, d)))
    for (const report of reports) {
      expect(report.mode).toBe('custom')
      expect(report.bootstrap).toEqual({ nodes: [officeAddress], reachable: true })
      expect(report.relay.through).toBe(relayKey)
      expect(report.connections).toHaveLength(1)
      // Relayed: the stream's other end is the office server, never the other NAT's address.
      expect(report.connections[0]).toMatchObject({ path: 'relayed' })
      expect(report.connections[0]!.address).toMatch(/^203\.0\.113\.5:\d+$/)
    }

    // A file, end to end encrypted, through the relay.
    const folder = path.join(root, 'a-shared')
    await fs.mkdir(folder, { recursive: true })
    const data = randomBytes(512 * 1024)
    await fs.writeFile(path.join(folder, 'plan.bin'), data)
    const { id } = await lab.cliJson<{ id: string }>(a.host, [
      '--data',
      a.dir,
      'share',
      'Remote',
      folder,
      '--name',
      'Plans',
    ])
    await eventually(
      () => lab.cliJson<{ id: string; files: number }[]>(b.host, ['--data', b.dir, 'shares', 'Remote']),
      (rows) => rows.some((r) => r.id === id && r.files === 1),
      { what: "a's share on b", timeoutMs: 30_000, intervalMs: 300 },
    )
    const into = path.join(root, 'b-got')
    const fetchStarted = Date.now()
    const got = await lab.cliJson<{ state: string; bytesTotal: number }>(b.host, [
      '--data',
      b.dir,
      'get',
      `${id}/plan.bin`,
      into,
    ])
    const took = Date.now() - fetchStarted
    expect(got).toMatchObject({ state: 'done', bytesTotal: data.length })
    expect((await fs.readFile(path.join(into, 'plan.bin'))).equals(data)).toBe(true)
    // Still relayed after the transfer (hyperdht would have moved a stream that got holepunched).
    const after = await doctor(lab, b)
    expect(after.connections.map((c) => c.path)).toEqual(['relayed'])
    console.log(
      `[lan] behind two hostile NATs: both online ${online} ms after start, relayed ` +
        `(${reports[0]!.connections[0]!.address}, rtt ${reports[0]!.connections[0]!.rttMs} ms); ` +
        `512 KiB downloaded through the relay in ${took} ms (CLI call included)`,
    )
  }, 90_000)
})
