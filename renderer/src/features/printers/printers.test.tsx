// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { LocalPrinter, PrintJob, Printer } from '../../../../shared/types.js'
import { alice, bob, carol, device, group, printer, printJob, SELF_KEY } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail, type Script } from '../../test/scripted-transport.js'

const laser = printer({ id: 'p1', name: 'Office laser' })
const mine = printer({
  id: 'p2',
  name: 'Reception inkjet',
  owner: SELF_KEY,
  ownerName: 'Alice',
  self: true,
  duplex: false,
  policy: { policy: 'allow', overrides: {} },
})
const carols = printer({
  id: 'p3',
  name: 'Back office',
  owner: carol.key,
  ownerName: 'Carol',
  ownerOnline: false,
  color: false,
  state: 'stopped',
})

const queue: LocalPrinter = {
  queue: 'HP_LaserJet',
  description: 'HP LaserJet in reception',
  state: 'idle',
  isDefault: true,
  color: false,
  duplex: true,
  media: ['A4'],
  offered: [],
}

function setup(script: Script = {}, printers: Printer[] = [laser, mine, carols], jobs: PrintJob[] = []) {
  return renderApp({
    'device.status': () => device(),
    'workgroup.list': () => [group()],
    'member.list': () => [alice, bob, carol],
    'transfer.list': () => [],
    'printer.list': () => printers,
    'print.jobs': () => jobs,
    ...script,
  })
}

async function openPrinters() {
  const nav = await screen.findByRole('navigation', { name: 'Main' })
  fireEvent.click(within(nav).getByRole('button', { name: /Printers/ }))
  await screen.findByRole('heading', { level: 1, name: 'Printers' })
  return screen.findByRole('list', { name: 'Shared printers' })
}

describe('printers', () => {
  it("lists the group's printers with owner presence, state and what each can do", async () => {
    setup()
    const list = await openPrinters()
    const rows = within(list).getAllByRole('listitem')
    // Yours first, then by name.
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual([
      'Reception inkjet',
      'Back office',
      'Office laser',
    ])
    const row = within(list).getByRole('listitem', { name: 'Office laser' })
    expect(row.textContent).toContain('Colour · Two-sided · A4, Letter')
    expect(row.textContent).toContain('Bob')
    expect(row.textContent).toContain('Online')
    expect(row.textContent).toContain('Ready')
    expect(within(row).getByRole('button', { name: 'Print on Office laser' })).toHaveProperty(
      'disabled',
      false,
    )

    const off = within(list).getByRole('listitem', { name: 'Back office' })
    expect(off.textContent).toContain('Black and white · Two-sided')
    expect(off.textContent).toContain('Offline')
    expect(off.textContent).toContain('Unreachable')
    expect(within(off).getByRole('button', { name: 'Print on Back office' })).toHaveProperty('disabled', true)

    const own = within(list).getByRole('listitem', { name: 'Reception inkjet' })
    expect(own.textContent).toContain('Anyone may print')
    expect(within(own).getByRole('button', { name: 'Who may print on Reception inkjet' })).toBeTruthy()
    expect(within(own).queryByRole('button', { name: /^Print on/ })).toBeNull()
    // Alice is an admin of the group: she may withdraw anyone's printer.
    expect(within(off).getByRole('button', { name: 'Withdraw Back office' })).toBeTruthy()
  })

  it('a member who is not an admin may withdraw only their own printers', async () => {
    setup({ 'workgroup.list': () => [group({ role: 'member' })] })
    const list = await openPrinters()
    expect(within(list).getByRole('button', { name: 'Withdraw Reception inkjet' })).toBeTruthy()
    expect(within(list).queryByRole('button', { name: 'Withdraw Office laser' })).toBeNull()
  })

  it('with no printers, the page says how to offer one', async () => {
    setup({}, [])
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    fireEvent.click(within(nav).getByRole('button', { name: /Printers/ }))
    expect(await screen.findByText('No printers shared in Front office yet')).toBeTruthy()
    expect(screen.getByText('No print jobs yet.')).toBeTruthy()
  })

  it("offers one of this computer's printers with a policy, and the group's list follows the event", async () => {
    const { transport } = setup({
      'printer.local': () => [queue],
      'printer.offer': ({ queue: q }) => printer({ id: 'p9', name: q, self: true, owner: SELF_KEY }),
    })
    await openPrinters()
    fireEvent.click(screen.getByRole('button', { name: 'Offer a printer' }))
    const dialog = await screen.findByRole('dialog', { name: 'Offer a printer to Front office' })
    const option = await within(dialog).findByRole('radio', { name: /HP LaserJet in reception/ })
    expect(option).toHaveProperty('checked', true)
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Ask' }))
    expect(dialog.textContent).toContain('Each job waits until you approve it here.')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Offer printer' }))
    await waitFor(() =>
      expect(transport.callsOf('printer.offer')).toEqual([
        { group: 'g1', queue: 'HP_LaserJet', policy: 'ask' },
      ]),
    )
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    act(() =>
      transport.push('printer.added', {
        groupId: 'g1',
        printer: printer({ id: 'p9', name: 'HP_LaserJet', self: true, owner: SELF_KEY }),
      }),
    )
    expect(await screen.findByRole('listitem', { name: 'HP_LaserJet' })).toBeTruthy()
  })

  it('with no printers on this computer, the offer dialog says what to do', async () => {
    setup({ 'printer.local': () => [] })
    await openPrinters()
    fireEvent.click(screen.getByRole('button', { name: 'Offer a printer' }))
    const dialog = await screen.findByRole('dialog')
    expect(
      (await within(dialog).findByText(/No printers are set up on this computer/)).textContent,
    ).toBeTruthy()
    expect(within(dialog).getByRole('button', { name: 'Offer printer' })).toHaveProperty('disabled', true)
  })

  it("prints a file with the chosen options, then follows the job live until it's printed", async () => {
    const { transport } = setup({ 'print.submit': () => ({ job: '00112233aabbccdd' }) })
    const list = await openPrinters()
    fireEvent.click(within(list).getByRole('button', { name: 'Print on Office laser' }))
    const dialog = await screen.findByRole('dialog', { name: 'Print on Office laser' })
    fireEvent.change(within(dialog).getByLabelText('File on this computer'), {
      target: { value: '/home/alice/letter.pdf' },
    })
    fireEvent.change(within(dialog).getByLabelText('Copies'), { target: { value: '2' } })
    fireEvent.change(within(dialog).getByLabelText('Sides'), { target: { value: 'two-sided-long-edge' } })
    fireEvent.change(within(dialog).getByLabelText('Paper'), { target: { value: 'A4' } })
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Black and white' }))
    fireEvent.change(within(dialog).getByLabelText('Title (optional)'), {
      target: { value: 'Letter to Acme' },
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Print' }))
    await waitFor(() =>
      expect(transport.callsOf('print.submit')).toEqual([
        {
          printer: 'p1',
          path: '/home/alice/letter.pdf',
          copies: 2,
          sides: 'two-sided-long-edge',
          color: 'monochrome',
          media: 'A4',
          title: 'Letter to Acme',
        },
      ]),
    )
    // Once sent, the dialog follows the job.
    const status = await screen.findByRole('status', { name: 'Print job' })
    expect(status.textContent).toContain("Sending to Bob's computer")
    const job = printJob({ title: 'Letter to Acme', copies: 2, color: 'monochrome', media: 'A4' })
    act(() =>
      transport.push('job.updated', { job: { ...job, state: 'waiting-approval', updatedAt: NOW + 1 } }),
    )
    await waitFor(() => expect(status.textContent).toContain('Waiting for Bob to approve it'))
    expect(status.textContent).toContain('3 pages × 2 copies · Black and white · A4')
    act(() => transport.push('job.updated', { job: { ...job, state: 'printing', updatedAt: NOW + 2 } }))
    await waitFor(() => expect(status.textContent).toContain('Printing'))
    act(() => transport.push('job.updated', { job: { ...job, state: 'completed', updatedAt: NOW + 3 } }))
    await waitFor(() => expect(status.textContent).toContain('Printed'))
    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    const jobs = await screen.findByRole('list', { name: 'Print jobs' })
    expect(within(jobs).getByRole('listitem', { name: 'Letter to Acme' }).textContent).toContain('Printed')
  })

  it('a refused print says why in the dialog, which stays open', async () => {
    setup({ 'print.submit': fail('NOT_FOUND', '/home/alice/nope.pdf is not a file on this device') })
    const list = await openPrinters()
    fireEvent.click(within(list).getByRole('button', { name: 'Print on Office laser' }))
    const dialog = await screen.findByRole('dialog', { name: 'Print on Office laser' })
    fireEvent.change(within(dialog).getByLabelText('File on this computer'), {
      target: { value: 'nope.pdf' },
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Print' }))
    expect(within(dialog).getByText(/Type the full path/)).toBeTruthy()
    fireEvent.change(within(dialog).getByLabelText('File on this computer'), {
      target: { value: '/home/alice/nope.pdf' },
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Print' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain('is not a file on this device')
  })

  it('a request to print on my printer shows a clear card and the sidebar counts it; approving answers it', async () => {
    const { transport } = setup({ 'print.approve': ({ job }) => ({ job }) })
    await openPrinters()
    const request = printJob({
      id: 'ffeeddccbbaa9988',
      direction: 'received',
      from: bob.key,
      fromName: 'Bob',
      printer: 'p2',
      printerName: 'Reception inkjet',
      title: 'Quarterly report.pdf',
      pages: 12,
      copies: 3,
      color: 'color',
      state: 'waiting-approval',
    })
    act(() => transport.push('job.approvalRequested', { job: request }))
    const card = await screen.findByRole('article', { name: 'Bob wants to print on Reception inkjet' })
    expect(card.textContent).toContain('“Quarterly report.pdf”')
    expect(card.textContent).toContain('Pages:12 pages')
    expect(card.textContent).toContain('Copies:3')
    expect(card.textContent).toContain('Colour:Colour')
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(within(nav).getByRole('status', { name: 'Printers: 1 waiting for your approval' })).toBeTruthy()

    fireEvent.click(within(card).getByRole('button', { name: 'Approve' }))
    await waitFor(() => expect(transport.callsOf('print.approve')).toEqual([{ job: 'ffeeddccbbaa9988' }]))
    act(() =>
      transport.push('job.updated', {
        job: { ...request, state: 'queued', updatedAt: request.updatedAt + 1 },
      }),
    )
    await waitFor(() => expect(screen.queryByRole('article')).toBeNull())
    expect(within(nav).queryByRole('status', { name: /waiting for your approval/ })).toBeNull()
  })

  it('declining a request calls print.decline', async () => {
    const request = printJob({
      direction: 'received',
      fromName: 'Bob',
      from: bob.key,
      state: 'waiting-approval',
    })
    const { transport } = setup({ 'print.decline': ({ job }) => ({ job }) }, [laser, mine], [request])
    await openPrinters()
    const card = await screen.findByRole('article', { name: /Bob wants to print/ })
    fireEvent.click(within(card).getByRole('button', { name: 'Decline' }))
    await waitFor(() => expect(transport.callsOf('print.decline')).toEqual([{ job: request.id }]))
  })

  it('sets who may print: a rule for everyone and an exception for one member', async () => {
    let current = { policy: 'allow' as const, overrides: {} as Record<string, 'allow' | 'ask' | 'deny'> }
    const { transport } = setup({
      'printer.policy': ({ policy, member, memberPolicy }) => {
        const overrides = Object.fromEntries(
          Object.entries({ ...current.overrides, ...(member ? { [member]: memberPolicy } : {}) }).filter(
            (e): e is [string, 'allow' | 'ask' | 'deny'] => e[1] != null,
          ),
        )
        current = { policy: (policy ?? current.policy) as 'allow', overrides }
        return current
      },
    })
    const list = await openPrinters()
    fireEvent.click(within(list).getByRole('button', { name: 'Who may print on Reception inkjet' }))
    const dialog = await screen.findByRole('dialog', { name: 'Who may print on Reception inkjet' })
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Ask me each time' }))
    await waitFor(() =>
      expect(transport.callsOf('printer.policy')).toEqual([{ printer: 'p2', policy: 'ask' }]),
    )
    await waitFor(() =>
      expect(within(dialog).getByRole('radio', { name: 'Ask me each time' })).toHaveProperty('checked', true),
    )
    const bobRule = await within(dialog).findByLabelText('Rule for Bob')
    expect(within(dialog).queryByLabelText('Rule for Alice')).toBeNull()
    fireEvent.change(bobRule, { target: { value: 'deny' } })
    await waitFor(() =>
      expect(transport.callsOf('printer.policy').at(-1)).toEqual({
        printer: 'p2',
        member: bob.key,
        memberPolicy: 'deny',
      }),
    )
    await waitFor(() => expect(bobRule).toHaveProperty('value', 'deny'))
    fireEvent.change(bobRule, { target: { value: 'default' } })
    await waitFor(() =>
      expect(transport.callsOf('printer.policy').at(-1)).toEqual({
        printer: 'p2',
        member: bob.key,
        memberPolicy: null,
      }),
    )
  })

  it("an admin withdraws a colleague's printer and it leaves the list on the event", async () => {
    const { transport } = setup({ 'printer.withdraw': ({ printer: id }) => ({ id }) })
    const list = await openPrinters()
    fireEvent.click(within(list).getByRole('button', { name: 'Withdraw Office laser' }))
    const dialog = await screen.findByRole('dialog', { name: 'Withdraw Office laser from Front office?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Withdraw' }))
    await waitFor(() => expect(transport.callsOf('printer.withdraw')).toEqual([{ printer: 'p1' }]))
    act(() => transport.push('printer.removed', { groupId: 'g1', printerId: 'p1' }))
    await waitFor(() => expect(within(list).queryByRole('listitem', { name: 'Office laser' })).toBeNull())
  })

  it('lists sent and received jobs, unfinished first, and cancels one', async () => {
    const jobs = [
      printJob({ id: '1111111111111111', title: 'Old invoice', state: 'completed', createdAt: NOW - 60_000 }),
      printJob({ id: '2222222222222222', title: 'Poster', state: 'printing', createdAt: NOW - 120_000 }),
      printJob({
        id: '3333333333333333',
        title: 'Menu',
        direction: 'received',
        fromName: 'Carol',
        from: carol.key,
        printerName: 'Reception inkjet',
        state: 'failed',
        reason: 'The printer is out of paper',
      }),
    ]
    const { transport } = setup({ 'print.cancel': ({ job }) => ({ job }) }, [laser], jobs)
    await openPrinters()
    const list = await screen.findByRole('list', { name: 'Print jobs' })
    const rows = within(list).getAllByRole('listitem')
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Poster', 'Menu', 'Old invoice'])
    expect(rows[1]!.textContent).toContain('From Carol on Reception inkjet')
    expect(rows[1]!.textContent).toContain('The printer is out of paper')
    expect(within(rows[2]!).queryByRole('button', { name: /Cancel/ })).toBeNull()
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Cancel Poster' }))
    await waitFor(() => expect(transport.callsOf('print.cancel')).toEqual([{ job: '2222222222222222' }]))
  })
})

const NOW = Date.now()
