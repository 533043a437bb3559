// An office LAN with no internet and no server: devices find each other over mDNS and form their own
// DHT. Runs real `peerdesk serve` processes in network namespaces (root and `ip` needed).
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Lab, skipReason, type Bridge } from '../helpers/netns.js'
import { eventually } from '../helpers/testnet.js'
import {
  allOnline,
  device,
  freshCliBundle,
  doctor,
  invite,
  meshAt,
  serve,
  stop,
  tmpRoot,
  type Device,
} from './lan-helpers.js'

const skip = skipReason()
if (skip) console.warn(`skipping the office LAN tests: ${skip}`)

describe.skipIf(skip !== null)('an office LAN with no internet', () => {
  const lab = new Lab()
  let root = ''
  let lan: Bridge
  const devices: Device[] = []
  let a: Device, b: Device, c: Device

  beforeAll(async () => {
    await freshCliBundle()
    root = await tmpRoot()
    lan = await lab.bridge('lan', '10.77.1')
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
      devices.push(await device(root, await lab.host(name, lan, i + 10)))
    }
    ;[a, b, c] = devices as [Device, Device, Device]
  }, 60_000)

  afterAll(async () => {
    await Promise.all(devices.map(stop))
    await lab.teardown()
    await fs.rm(root, { recursive: true, force: true })
  }, 60_000)

  it('three devices with no bootstrap find each other, pair with codes and all come online', async () => {
    const started = Date.now()
    await Promise.all([a, b, c].map((d) => serve(lab, d)))
    const up = Date.now() - started
    for (const [d, name] of [
      [a, 'Ana'],
      [b, 'Ben'],
      [c, 'Cy'],
    ] as const) {
      await lab.cliJson(d.host, ['--data', d.dir, 'name', name])
    }

    const report = await eventually(
      () => doctor(lab, c),
      (r) => r.lan.devices.length === 2,
      { what: 'c to see a and b over mDNS' },
    )
    expect(report.mode).toBe('lan')
    expect(report.bootstrap.reachable).toBe(false)
    expect(report.dht.address).toMatch(/^10\.77\.1\.12:\d+$/)

    await lab.cliJson(a.host, ['--data', a.dir, 'group', 'create', 'Office'])
    const joining = Date.now()
    await Promise.all([invite(lab, a, b, 'Office'), invite(lab, a, c, 'Office')])
    await Promise.all([a, b, c].map((d) => allOnline(lab, d, 'Office', ['Ana', 'Ben', 'Cy'])))
    const mesh = (await meshAt(lab, [a, b, c])) - joining

    const reports = await Promise.all([a, b, c].map((d) => doctor(lab, d)))
    for (const r of reports) {
      expect(r.connections).toHaveLength(2)
      for (const conn of r.connections) {
        expect(conn.path).toBe('lan')
        expect(conn.address).toMatch(/^10\.77\.1\.\d+:\d+$/)
      }
    }
    const answers = reports.map((r) => r.lan.firstAnswerMs).filter((ms) => ms !== null)
    console.log(
      `[lan] 3 nodes up in ${up} ms; first mDNS answers after ${answers.join('/')} ms; ` +
        `invites redeemed and full mesh ${mesh} ms after the first join began`,
    )
  })

  it('one device downloads what another shares, over the LAN, byte for byte', async () => {
    const folder = path.join(root, 'a-shared')
    await fs.mkdir(path.join(folder, 'notes'), { recursive: true })
    const report = randomBytes(1536 * 1024)
    await fs.writeFile(path.join(folder, 'report.bin'), report)
    await fs.writeFile(path.join(folder, 'notes', 'readme.txt'), 'from Ana, over the office LAN\n')
    const { id } = await lab.cliJson<{ id: string }>(a.host, [
      '--data',
      a.dir,
      'share',
      'Office',
      folder,
      '--name',
      'Reports',
    ])
    const shared = Date.now()
    const listed = await eventually(
      () =>
        lab.cliJson<{ id: string; name: string; files: number }[]>(c.host, [
          '--data',
          c.dir,
          'shares',
          'Office',
        ]),
      (rows) => rows.some((r) => r.id === id && r.files === 2),
      { what: "a's share, with its 2 files, on c", timeoutMs: 60_000, intervalMs: 300 },
    )
    expect(listed.find((r) => r.id === id)).toMatchObject({ name: 'Reports', files: 2 })
    const seen = Date.now() - shared

    // One file by its path, into c's own folder.
    const one = path.join(root, 'c-got')
    const started = Date.now()
    const got = await lab.cliJson<{ state: string; bytesTotal: number }>(c.host, [
      '--data',
      c.dir,
      'get',
      `${id}/report.bin`,
      one,
    ])
    const took = Date.now() - started
    expect(got).toMatchObject({ state: 'done', bytesTotal: report.length })
    expect((await fs.readFile(path.join(one, 'report.bin'))).equals(report)).toBe(true)

    // The whole share by GROUP/NAME on b.
    const all = path.join(root, 'b-got')
    await lab.cliJson(b.host, ['--data', b.dir, 'get', 'Office/Reports', all])
    expect((await fs.readFile(path.join(all, 'report.bin'))).equals(report)).toBe(true)
    expect(await fs.readFile(path.join(all, 'notes', 'readme.txt'), 'utf8')).toBe(
      'from Ana, over the office LAN\n',
    )
    console.log(
      `[lan] a's share listed on c ${seen} ms after sharing; c downloaded 1.5 MiB from a in ${took} ms ` +
        '(CLI call included), bytes identical',
    )
  })

  it('a fourth device that starts later is found and joins', async () => {
    const d = devices[3]!
    const started = Date.now()
    await serve(lab, d)
    await lab.cliJson(d.host, ['--data', d.dir, 'name', 'Dee'])
    const seen = await eventually(
      () => doctor(lab, a),
      (r) => r.lan.devices.some((dev) => dev.address.startsWith('10.77.1.13:')),
      { what: 'a to hear d over mDNS' },
    )
    expect(seen.lan.devices).toHaveLength(3)
    const heard = Date.now() - started
    await invite(lab, a, d, 'Office')
    const joined = Date.now() - started
    await Promise.all([a, b, c, d].map((x) => allOnline(lab, x, 'Office', ['Ana', 'Ben', 'Cy', 'Dee'])))
    console.log(
      `[lan] late device: heard by a after ${heard} ms, joined after ${joined} ms, ` +
        `meshed with 3 others after ${(await meshAt(lab, [d])) - started} ms`,
    )
  })

  it('a device that leaves the network comes back and reconnects', async () => {
    await stop(b)
    await eventually(
      () => lab.cliJson<{ name: string; online: boolean }[]>(a.host, ['--data', a.dir, 'members', 'Office']),
      (rows) => rows.some((r) => r.name === 'Ben' && !r.online),
      { what: 'a to see Ben offline' },
    )
    const back = Date.now()
    await serve(lab, b)
    await Promise.all(devices.map((x) => allOnline(lab, x, 'Office', ['Ana', 'Ben', 'Cy', 'Dee'])))
    console.log(`[lan] Ben back online with all 3 others ${(await meshAt(lab, [b])) - back} ms after restart`)
  })

  it('the whole office restarts and is fully connected again within seconds', async () => {
    await Promise.all(devices.map(stop))
    const started = Date.now()
    await Promise.all(devices.map((x) => serve(lab, x)))
    const up = Date.now() - started
    await Promise.all(devices.map((x) => allOnline(lab, x, 'Office', ['Ana', 'Ben', 'Cy', 'Dee'])))
    const mesh = (await meshAt(lab, devices)) - started
    const answers = (await Promise.all(devices.map((x) => doctor(lab, x)))).map((r) => r.lan.firstAnswerMs)
    console.log(
      `[lan] 4 devices started together: APIs up after ${up} ms, first mDNS answers after ` +
        `${answers.join('/')} ms, full mesh ${mesh} ms after start (target < 3000 ms)`,
    )
    expect(mesh).toBeGreaterThan(0)
  })
})
