// A person's flows in the built renderer, in Debian Chromium, against two real `peerdesk serve` nodes on
// a loopback bootstrap node: first run, a group and an invite, sharing a folder and downloading from it,
// and the errors people meet (a bad code, a colleague going offline), the printers page and network
// diagnostics. Screenshots in light and dark, and an axe accessibility check of the main views in both.
import { createSocket } from 'node:dgram'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { readApiFile } from '../../electron/server/api-file.js'
import { startCli, startNode, type Background } from '../../test/helpers/cli.js'

const CHROMIUM = '/usr/bin/chromium'
const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots')
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium)
  console.warn(`Skipping the browser flows: no Chromium at ${CHROMIUM} (apt install chromium).`)

/** A UDP port nobody holds right now, for the bootstrap node (HyperDHT speaks UDP). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

/** Wait until every finite CSS animation and transition has finished (spinners loop forever). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => null)),
    ),
  )
}

/** Stop a CLI process; one that has not exited after 15 s is killed, so teardown never hangs. */
async function stop(bg: Background | null): Promise<void> {
  if (!bg) return
  const timer = setTimeout(() => bg.child.kill('SIGKILL'), 15_000)
  await bg.stop()
  clearTimeout(timer)
}

/** The sidebar's entry for a page or a group. */
const nav = (page: Page, name: string | RegExp) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name })

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

/** Serious and critical axe violations on the page as it is now (axe is injected once per document). */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (opts: object) => Promise<{ violations: unknown[] }> } })
      .axe
    const result = await axe.run({ resultTypes: ['violations'] })
    return result.violations as AxeViolation[]
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

const axeReport: string[] = []

/** Screenshots in light and dark; with `axe`, also no serious or critical accessibility violation in either. */
async function shoot(page: Page, name: string, opts: { axe?: boolean } = {}): Promise<void> {
  const found: string[] = []
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await settle(page)
    await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) })
    if (!opts.axe) continue
    const violations = await axeViolations(page)
    axeReport.push(`${name} ${scheme}: ${violations.length} serious/critical`)
    for (const v of violations)
      found.push(
        `${scheme} ${v.id} (${v.impact}): ${v.help}\n` +
          v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'),
      )
  }
  await page.emulateMedia({ colorScheme: 'light' })
  expect(found, `axe on ${name}`).toEqual([])
}

describe.skipIf(!hasChromium)('a workgroup in the browser, across two devices', () => {
  let root = ''
  let bootstrap: Background | null = null
  const nodes: Record<'a' | 'b', Background | null> = { a: null, b: null }
  let browser: Browser | null = null
  let alice: Page
  let bob: Page
  let invite = ''
  const dirs = { a: '', b: '', shared: '', downloads: '' }
  const photo = Buffer.alloc(3_000_000)

  async function open(dir: string): Promise<Page> {
    const api = await readApiFile(dir)
    if (!api) throw new Error(`no api.json in ${dir}`)
    const context = await browser!.newContext({
      viewport: { width: 1000, height: 640 },
      colorScheme: 'light',
      // The app's CSP (rightly) refuses inline scripts; axe is injected as one, in tests only.
      bypassCSP: true,
    })
    const page = await context.newPage()
    page.on('pageerror', (err) => console.error(`pageerror (${path.basename(dir)}):`, err.message))
    await page.goto(api.ui)
    return page
  }

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-e2e-'))
    for (const key of Object.keys(dirs) as (keyof typeof dirs)[]) {
      dirs[key] = path.join(root, key)
      await fs.mkdir(dirs[key], { recursive: true })
    }
    await fs.mkdir(path.join(dirs.shared, 'Invoices'))
    await fs.writeFile(path.join(dirs.shared, 'readme.txt'), 'Team documents, shared from Alice’s desk.\n')
    await fs.writeFile(path.join(dirs.shared, 'Invoices', '2026-03.csv'), 'client,amount\nAcme,1200\n')
    for (let i = 0; i < photo.length; i++) photo[i] = (i * 7919) % 251
    await fs.writeFile(path.join(dirs.shared, 'site-photo.raw'), photo)
    await fs.mkdir(SHOTS, { recursive: true })

    const port = await freeUdpPort()
    bootstrap = startCli(['bootstrap', '--host', '127.0.0.1', '--port', String(port), '--json'])
    await vi.waitFor(() => expect(bootstrap!.output()).toContain(`"port":${port}`), {
      timeout: 20_000,
      interval: 100,
    })
    ;[nodes.a, nodes.b] = await Promise.all([
      startNode(dirs.a, `127.0.0.1:${port}`),
      startNode(dirs.b, `127.0.0.1:${port}`),
    ])
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    alice = await open(dirs.a)
    bob = await open(dirs.b)
  })

  // A failed step leaves a picture of both windows behind, which says more than a timeout.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return
    const slug = ctx.task.name.replace(/\W+/g, '-').slice(0, 40)
    for (const [who, page] of [
      ['alice', alice],
      ['bob', bob],
    ] as const)
      await page?.screenshot({ path: path.join(SHOTS, `failed-${slug}-${who}.png`) }).catch(() => undefined)
  })

  afterAll(async () => {
    if (axeReport.length) console.log(`axe:\n  ${axeReport.join('\n  ')}`)
    await browser?.close().catch(() => undefined)
    await Promise.all([stop(nodes.a), stop(nodes.b)])
    await stop(bootstrap)
    if (root) await fs.rm(root, { recursive: true, force: true })
  })

  it('first run asks for a name, then creates a workgroup', async () => {
    await alice.getByLabel('Your name').fill('Alice Martin')
    await shoot(alice, '01-onboarding-name', { axe: true })
    await alice.getByRole('button', { name: 'Continue' }).click()
    await alice.getByRole('button', { name: /Create a workgroup/ }).click()
    await alice.getByLabel('Workgroup name').fill('Front office')
    await alice.getByRole('button', { name: 'Create workgroup' }).click()
    await expect.poll(() => alice.getByRole('heading', { level: 1, name: 'Front office' }).count()).toBe(1)
    await alice.getByText("It's just you here so far").waitFor()
    const link = nav(alice, /Front office/)
    expect(await link.textContent()).toContain('Just you')
    await shoot(alice, '02-group-alone', { axe: true })
  })

  it('an invite code is shown to share', async () => {
    await alice.getByRole('button', { name: 'Invite', exact: true }).click()
    const code = alice.getByRole('status', { name: 'Invite code' })
    await code.waitFor()
    await alice.locator('img[alt^="QR code"]').waitFor()
    invite = (await code.textContent())?.trim() ?? ''
    expect(invite.length).toBeGreaterThan(20)
    await shoot(alice, '03-invite-dialog', { axe: true })
    await alice.keyboard.press('Escape')
    await alice.getByRole('dialog').waitFor({ state: 'detached' })
  })

  it('a bad invite code says what to do', async () => {
    await bob.getByLabel('Your name').fill('Bob Chen')
    await bob.getByRole('button', { name: 'Continue' }).click()
    await bob.getByRole('button', { name: /Join a workgroup/ }).click()
    await bob.getByLabel('Invite code or link').fill('not-a-real-code')
    await bob.getByRole('button', { name: 'Join workgroup' }).click()
    const alert = bob.getByRole('alert')
    await alert.waitFor({ timeout: 60_000 })
    expect(await alert.textContent()).toMatch(/copied the whole code|ask for a new invite/i)
    await shoot(bob, '04-join-bad-code', { axe: true })
  })

  it('joining with the code brings both devices online together', async () => {
    await bob.getByLabel('Invite code or link').fill(`peerdesk://join/${invite}`)
    await bob.getByRole('button', { name: 'Join workgroup' }).click()
    await bob.getByRole('heading', { level: 1, name: 'Front office' }).waitFor({ timeout: 90_000 })
    const aliceOnBob = bob.getByRole('listitem', { name: 'Alice Martin' })
    await aliceOnBob.getByText('Online now').waitFor({ timeout: 60_000 })
    const bobOnAlice = alice.getByRole('listitem', { name: 'Bob Chen' })
    await bobOnAlice.getByText('Online now').waitFor({ timeout: 60_000 })
    // The sidebar and the header count the same people.
    const link = nav(alice, /Front office/)
    await expect.poll(() => link.textContent()).toContain('2 online')
    expect(await alice.getByText(/· 2 online$/).count()).toBe(1)
    await shoot(alice, '05-group-both-online', { axe: true })
    await shoot(bob, '06-member-view')
  })

  it('a shared folder is browsed and a file downloaded from the other device', async () => {
    await nav(alice, 'Shared folders').click()
    await alice.getByRole('heading', { level: 1, name: 'Shared folders' }).waitFor()
    await alice.getByRole('button', { name: 'Share a folder' }).click()
    const dialog = alice.getByRole('dialog', { name: 'Share a folder with Front office' })
    await dialog.getByLabel('Folder on this computer').fill(dirs.shared)
    await dialog.getByLabel(/Name shown to others/).fill('Team docs')
    await shoot(alice, '07-share-folder-dialog', { axe: true })
    await dialog.getByRole('button', { name: 'Share folder' }).click()
    await dialog.waitFor({ state: 'detached', timeout: 30_000 })
    const mine = alice
      .getByRole('list', { name: 'Shared by you' })
      .getByRole('listitem', { name: 'Team docs' })
    await expect.poll(() => mine.textContent(), { timeout: 30_000 }).toContain('3 files')
    await shoot(alice, '08-shares-yours', { axe: true })

    await nav(bob, 'Shared folders').click()
    const theirs = bob
      .getByRole('list', { name: 'Shared by others' })
      .getByRole('listitem', { name: 'Team docs' })
    await theirs.waitFor({ timeout: 30_000 })
    await expect.poll(() => theirs.textContent(), { timeout: 30_000 }).toContain('Alice Martin')
    expect(await theirs.textContent()).toContain('0% here')
    await shoot(bob, '09-shares-others')

    await bob.getByRole('button', { name: 'Open Team docs' }).click()
    const table = bob.getByRole('table', { name: 'Files in Team docs' })
    await table.waitFor({ timeout: 30_000 })
    const rows = table.getByRole('row')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(4)
    expect(await rows.nth(1).textContent()).toContain('Invoices')
    expect(await rows.nth(2).textContent()).toContain('readme.txt')
    expect(await rows.nth(3).textContent()).toContain('3 MB')
    await shoot(bob, '10-share-browser', { axe: true })
    await table.getByRole('button', { name: 'Open folder Invoices' }).click()
    await bob.getByRole('table', { name: 'Files in /Invoices' }).getByText('2026-03.csv').waitFor()
    await bob
      .getByRole('navigation', { name: 'Folder path' })
      .getByRole('button', { name: 'Team docs' })
      .click()

    await table.getByRole('button', { name: 'Download site-photo.raw' }).click()
    const download = bob.getByRole('dialog', { name: 'Download site-photo.raw' })
    await download.getByLabel('Save into folder').fill(dirs.downloads)
    await shoot(bob, '11-download-dialog', { axe: true })
    await download.getByRole('button', { name: 'Download' }).click()
    const progress = bob.getByRole('progressbar', { name: 'Download of site-photo.raw' })
    await progress.waitFor({ timeout: 30_000 })
    const row = bob.getByRole('region', { name: 'Transfers of this share' }).getByRole('listitem')
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain('Done')
    expect(await progress.getAttribute('aria-valuenow')).toBe('100')
    for (const dismiss of await bob.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click()
    await shoot(bob, '12-download-done')
    const saved = path.join(dirs.downloads, 'site-photo.raw')
    await expect.poll(() => fs.readFile(saved).catch(() => null), { timeout: 10_000 }).toEqual(photo)

    await nav(bob, /^Transfers/).click()
    const recent = bob.getByRole('list', { name: 'Recent transfers' })
    await recent.getByRole('listitem', { name: 'Download of site-photo.raw' }).waitFor()
    await shoot(bob, '13-transfers', { axe: true })
    await nav(bob, 'Shared folders').click()
    // The photo is almost all of the share, and it is on Bob's device now.
    await expect.poll(() => theirs.textContent(), { timeout: 30_000 }).toMatch(/[1-9]\d*% here/)
  })

  it('a colleague going offline shows as last seen', async () => {
    await nav(alice, /Front office/).click()
    const started = Date.now()
    await stop(nodes.b)
    nodes.b = null
    console.log(`Bob's node stopped in ${Date.now() - started} ms`)
    const bobOnAlice = alice.getByRole('listitem', { name: 'Bob Chen' })
    await bobOnAlice.getByText(/Last seen/).waitFor({ timeout: 60_000 })
    const link = nav(alice, /Front office/)
    await expect.poll(() => link.textContent()).toContain('Nobody else online')
    await shoot(alice, '14-member-went-offline')
    await bob.getByText('Lost the connection to Peerdesk').waitFor({ timeout: 30_000 })
    await shoot(bob, '15-reconnecting', { axe: true })
  })

  it("an admin's other pages and confirmations", async () => {
    await alice.getByRole('button', { name: 'Remove Bob Chen' }).click()
    await alice.getByRole('dialog').waitFor()
    await shoot(alice, '16-remove-confirm')
    await alice.getByRole('button', { name: 'Cancel' }).click()
    await alice.getByRole('button', { name: 'Leave' }).click()
    await alice.getByRole('dialog').waitFor()
    await shoot(alice, '17-leave-confirm')
    await alice.getByRole('button', { name: 'Cancel' }).click()
    await alice.getByRole('button', { name: 'Add a workgroup' }).click()
    await alice.getByRole('dialog').waitFor()
    await shoot(alice, '18-add-group', { axe: true })
    await alice.keyboard.press('Escape')
    await nav(alice, /Settings$/).click()
    await alice.getByRole('region', { name: 'About' }).waitFor()
    await shoot(alice, '19-settings', { axe: true })
    await nav(alice, 'Shared folders').click()
    await alice.getByRole('listitem', { name: 'Team docs' }).waitFor()
    await alice.setViewportSize({ width: 1600, height: 1000 })
    await shoot(alice, '21-shares-large')
  })

  it('the printers page, with no printer on this computer to offer', async () => {
    await alice.setViewportSize({ width: 1000, height: 640 })
    await nav(alice, /Printers/).click()
    await alice.getByRole('heading', { level: 1, name: 'Printers' }).waitFor()
    await alice.getByText('No printers shared in Front office yet').waitFor()
    await alice.getByText('No print jobs yet.').waitFor()
    await shoot(alice, '20-printers', { axe: true })
    // No CUPS here: the dialog says there is nothing to offer, or why it couldn't look.
    await alice.getByRole('button', { name: 'Offer a printer' }).click()
    const dialog = alice.getByRole('dialog', { name: 'Offer a printer to Front office' })
    await dialog.getByText(/No printers are set up|Couldn't list this computer's printers/).waitFor({
      timeout: 30_000,
    })
    await shoot(alice, '22-offer-printer', { axe: true })
    await alice.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('settings show the network mode and what the diagnostics found', async () => {
    await nav(alice, /Settings$/).click()
    const network = alice.getByRole('region', { name: 'Network' })
    expect(await network.textContent()).toContain('Private bootstrap nodes')
    const diagnostics = alice.getByRole('region', { name: 'Diagnostics' })
    await diagnostics.getByText('Connected members').waitFor({ timeout: 30_000 })
    expect(await diagnostics.textContent()).toMatch(/Peer-to-peer network(Reachable|Not reachable)/)
    await alice.getByRole('region', { name: 'Add a device by address' }).waitFor()
    await diagnostics.scrollIntoViewIfNeeded()
    await shoot(alice, '23-settings-diagnostics', { axe: true })
    await diagnostics.getByRole('button', { name: 'Check again' }).click()
    await diagnostics.getByText('Connected members').waitFor({ timeout: 30_000 })
  })
})
