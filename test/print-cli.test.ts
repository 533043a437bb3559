// The printing commands of the `peerdesk` CLI, through real serve processes and the private CUPS:
// the fixed --json keys of `printers`, and `print` exiting 0 only when the job completed.
import { once } from 'node:events'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrintJob } from '../shared/types.js'
import { cupsSkipReason, useTestCups } from '../electron/engine/printers/test-cups.js'
import { brokenPdf, makePdf } from '../electron/engine/printers/test-pdf.js'
import { cliJson, runCli, startCli, startNode, type Background } from './helpers/cli.js'
import { eventually } from './helpers/testnet.js'

const skip = cupsSkipReason()
if (skip) console.warn(`print-cli: skipping the printing CLI tests: ${skip}`)

describe.skipIf(skip !== null)('the printing CLI', () => {
  const cups = useTestCups()
  const PORT = 40000 + Math.floor(Math.random() * 20000)
  let root: string
  let bootstrap: Background
  const nodes: Background[] = []
  let alice: string
  let bob: string
  let savedServer: string | undefined

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-print-cli-'))
    alice = path.join(root, 'alice')
    bob = path.join(root, 'bob')
    // The serve processes inherit the environment: their CUPS tools talk to the private server.
    savedServer = process.env.CUPS_SERVER
    process.env.CUPS_SERVER = cups().server
    bootstrap = startCli(['bootstrap', '--host', '127.0.0.1', '--port', String(PORT)])
    await eventually(
      () => bootstrap.output(),
      (out) => out.includes('listening'),
      { what: 'the bootstrap node' },
    )
    nodes.push(await startNode(alice, `127.0.0.1:${PORT}`), await startNode(bob, `127.0.0.1:${PORT}`))
    await cliJson(['--data', alice, 'name', 'Alice'])
    await cliJson(['--data', bob, 'name', 'Bob'])
    await cliJson(['--data', alice, 'group', 'create', 'Office'])
    const { invite } = await cliJson<{ invite: string }>(['--data', alice, 'invite', 'Office'])
    await cliJson(['--data', bob, 'join', invite])
    await eventually(
      () => cliJson<{ online: boolean }[]>(['--data', bob, 'members', 'Office']),
      (l) => l.length === 2 && l.every((m) => m.online),
      { what: 'both members online' },
    )
  }, 120_000)

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()))
    await bootstrap?.stop()
    if (savedServer === undefined) delete process.env.CUPS_SERVER
    else process.env.CUPS_SERVER = savedServer
    if (root) await fs.rm(root, { recursive: true, force: true })
  })

  it('lists printers with exactly the documented --json keys', async () => {
    const { id } = await cliJson<{ id: string }>(['--data', alice, 'printer', 'offer', 'Office', 'pd-pdf'])
    expect(id).toMatch(/^[0-9a-f]{16}$/)
    const printers = await eventually(
      () => cliJson<Record<string, unknown>[]>(['--data', bob, 'printers', 'Office']),
      (l) => l.length === 1,
      { what: 'Bob to see the printer' },
    )
    expect(Object.keys(printers[0]!).sort()).toEqual([
      'color',
      'duplex',
      'id',
      'media',
      'name',
      'owner',
      'state',
    ])
    expect(printers[0]).toMatchObject({ id, name: 'pd-pdf', state: 'idle', color: false, duplex: false })
  })

  it('print exits 0 once the job completed, and non-zero with the reason when it is refused', async () => {
    const good = path.join(root, 'good.pdf')
    await fs.writeFile(good, makePdf(1))
    const ok = await runCli([
      '--data',
      bob,
      'print',
      'Office/pd-pdf',
      good,
      '--copies',
      '1',
      '--mono',
      '--title',
      'CLI',
    ])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stderr).toMatch(/completed/)
    expect(ok.stdout).toMatch(/Printed "CLI"/)

    const broken = path.join(root, 'broken.pdf')
    await fs.writeFile(broken, brokenPdf())
    const bad = await runCli(['--data', bob, 'print', 'Office/pd-pdf', broken, '--json'])
    expect(bad.code).not.toBe(0)
    expect(bad.stdout).toBe('')
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(bad.stderr).toMatch(/BAD_PDF/)
  })

  it('a job that waits for approval prints once the owner approves it from the CLI', async () => {
    await cliJson(['--data', alice, 'printer', 'policy', 'Office/pd-pdf', '--policy', 'ask'])
    const doc = path.join(root, 'ask.pdf')
    await fs.writeFile(doc, makePdf(2))
    const printing = startCli(['--data', bob, 'print', 'Office/pd-pdf', doc, '--title', 'May I'])
    const exited = once(printing.child, 'exit')
    const waiting = await eventually(
      () => cliJson<PrintJob[]>(['--data', alice, 'jobs']),
      (l) => l.some((j) => j.title === 'May I' && j.state === 'waiting-approval'),
      { what: 'the job to wait for approval' },
    )
    const job = waiting.find((j) => j.title === 'May I')!
    expect(job).toMatchObject({ direction: 'received', fromName: 'Bob', pages: 2 })
    expect(await cliJson(['--data', alice, 'approve', job.id])).toEqual({ job: job.id })
    const [code] = (await exited) as [number | null]
    expect(code, printing.output()).toBe(0)
    expect(printing.output()).toMatch(/waiting for the owner/)
  })
})
