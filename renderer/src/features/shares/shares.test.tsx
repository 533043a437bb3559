// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { FileEntry, HistoryEntry, Share, SyncInfo } from '../../../../shared/types.js'
import { alice, bob, carol, device, entry, group, SELF_KEY, share, transfer } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail, type Script } from '../../test/scripted-transport.js'

const reports = share({ id: 's1', name: 'Reports', localBytes: 1_500_000 })
const mine = share({
  id: 's2',
  name: 'Scans',
  owner: SELF_KEY,
  ownerName: 'Alice',
  self: true,
  folder: '/home/alice/Scans',
  files: 12,
  bytes: 48_000_000,
  localBytes: 48_000_000,
})

const tree: Record<string, FileEntry[]> = {
  '/': [
    entry('/zeta.txt', { size: 10 }),
    entry('/Archive', { type: 'dir', size: 0, mtime: null }),
    entry('/big.pdf', { size: 5_400_000 }),
    entry('/Budget', { type: 'dir', size: 0, mtime: null }),
  ],
  '/Archive': [entry('/Archive/2023.xlsx', { size: 20_000 })],
}

function setup(script: Script = {}, shares: Share[] = [reports, mine]) {
  const view = renderApp({
    'device.status': () => device(),
    'workgroup.list': () => [group()],
    'member.list': () => [alice, bob, carol],
    'share.list': () => shares,
    'share.browse': ({ path }) => tree[path ?? '/'] ?? [],
    'sync.list': () => [],
    'transfer.list': () => [],
    ...script,
  })
  return view
}

async function openShares() {
  fireEvent.click(await screen.findByRole('button', { name: 'Shared folders' }))
  return screen.findByRole('heading', { level: 1, name: 'Shared folders' })
}

async function openReports() {
  await openShares()
  fireEvent.click(await screen.findByRole('button', { name: /^Open Reports/ }))
  return screen.findByRole('table', { name: 'Files in Reports' })
}

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('td')?.textContent)

beforeEach(() => localStorage.clear())

describe('shared folders', () => {
  it("lists the group's shares, yours apart from others', with owner presence and how much is here", async () => {
    setup()
    await openShares()
    const others = await screen.findByRole('list', { name: 'Shared by others' })
    const row = within(others).getByRole('listitem', { name: 'Reports' })
    expect(row.textContent).toContain('3 files · 3 MB')
    expect(row.textContent).toContain('Bob')
    expect(row.textContent).toContain('Online')
    expect(row.textContent).toContain('50% here')
    const yours = screen.getByRole('list', { name: 'Shared by you' })
    const scans = within(yours).getByRole('listitem', { name: 'Scans' })
    expect(scans.textContent).toContain('/home/alice/Scans')
    expect(within(scans).getByRole('button', { name: 'Stop sharing' })).toBeTruthy()
    expect(within(row).queryByRole('button', { name: 'Stop sharing' })).toBeNull()
  })

  it('an owner going offline and a new share show up without a reload', async () => {
    const { transport } = setup()
    await openShares()
    transport.push('member.offline', { groupId: 'g1', key: bob.key, lastSeen: Date.now() })
    const row = await screen.findByRole('listitem', { name: 'Reports' })
    await waitFor(() => expect(row.textContent).toContain('Offline'))
    transport.push('share.added', {
      groupId: 'g1',
      share: share({ id: 's3', name: 'Contracts', owner: carol.key, ownerName: 'Carol' }),
    })
    expect(await screen.findByRole('listitem', { name: 'Contracts' })).toBeTruthy()
    transport.push('share.removed', { groupId: 'g1', shareId: 's1' })
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Reports' })).toBeNull())
  })

  it('sharing a folder sends its path and name to the engine', async () => {
    const { transport } = setup({ 'share.create': () => ({ id: 's9' }) })
    await openShares()
    fireEvent.click(screen.getByRole('button', { name: 'Share a folder' }))
    const dialog = await screen.findByRole('dialog', { name: 'Share a folder with Front office' })
    const path = within(dialog).getByLabelText('Folder on this computer')
    fireEvent.change(path, { target: { value: 'Documents' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Share folder' }))
    expect(within(dialog).getByText(/Type the full path/)).toBeTruthy()
    fireEvent.change(path, { target: { value: '/home/alice/Invoices' } })
    fireEvent.change(within(dialog).getByLabelText(/Name shown to others/), { target: { value: 'Invoices' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Share folder' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(transport.callsOf('share.create')).toEqual([
      { group: 'g1', path: '/home/alice/Invoices', name: 'Invoices' },
    ])
  })

  it('a folder that cannot be read says why, with what to do', async () => {
    setup({ 'share.create': fail('NOT_FOUND', 'No folder at /nope') })
    await openShares()
    fireEvent.click(screen.getByRole('button', { name: 'Share a folder' }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(within(dialog).getByLabelText('Folder on this computer'), { target: { value: '/nope' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Share folder' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain('No folder at /nope.')
  })

  it('a folder dropped in a browser opens the dialog and explains why the path is needed', async () => {
    setup()
    await openShares()
    const page = screen
      .getByRole('heading', { level: 1, name: 'Shared folders' })
      .closest('header')!.parentElement!
    const file = new File([], 'Invoices')
    const dataTransfer = {
      types: ['Files'],
      files: [file],
      items: [{ webkitGetAsEntry: () => ({ name: 'Invoices', isDirectory: true }) }],
      dropEffect: 'none',
    }
    fireEvent.dragOver(page, { dataTransfer })
    expect(screen.getByText('Drop a folder to share it with Front office')).toBeTruthy()
    fireEvent.drop(page, { dataTransfer })
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('Your browser does not tell Peerdesk where “Invoices” is on disk')
    expect((within(dialog).getByLabelText(/Name shown to others/) as HTMLInputElement).value).toBe('Invoices')
  })

  it('stopping a share asks first, then tells the engine', async () => {
    const { transport } = setup({ 'share.remove': () => ({ id: 's2' }) })
    await openShares()
    const row = await screen.findByRole('listitem', { name: 'Scans' })
    fireEvent.click(within(row).getByRole('button', { name: 'Stop sharing' }))
    const dialog = await screen.findByRole('dialog', { name: 'Stop sharing Scans?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop sharing' }))
    await waitFor(() => expect(transport.callsOf('share.remove')).toEqual([{ share: 's2' }]))
  })
})

describe('the file browser', () => {
  it('browsing a share lists folders first and opens a folder on click', async () => {
    const { transport } = setup()
    const table = await openReports()
    expect(names(table)).toEqual(['Archive', 'Budget', 'big.pdf', 'zeta.txt'])
    expect(within(table).getByText('5.4 MB')).toBeTruthy()
    fireEvent.click(within(table).getByRole('button', { name: 'Open folder Archive' }))
    const inner = await screen.findByRole('table', { name: 'Files in /Archive' })
    expect(names(inner)).toEqual(['2023.xlsx'])
    expect(transport.callsOf('share.browse')).toContainEqual({ share: 's1', path: '/Archive' })
    const crumbs = screen.getByRole('navigation', { name: 'Folder path' })
    expect(within(crumbs).getByText('Archive').getAttribute('aria-current')).toBe('location')
    fireEvent.click(within(crumbs).getByRole('button', { name: 'Reports' }))
    expect(await screen.findByRole('table', { name: 'Files in Reports' })).toBeTruthy()
  })

  it('sorts by size and date, keeping folders first', async () => {
    setup()
    const table = await openReports()
    fireEvent.click(within(table).getByRole('button', { name: /Size/ }))
    expect(names(table)).toEqual(['Archive', 'Budget', 'big.pdf', 'zeta.txt'])
    expect(within(table).getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe(
      'descending',
    )
    fireEvent.click(within(table).getByRole('button', { name: /Size/ }))
    expect(names(table)).toEqual(['Archive', 'Budget', 'zeta.txt', 'big.pdf'])
    fireEvent.click(within(table).getByRole('button', { name: /Name/ }))
    expect(names(table)).toEqual(['Archive', 'Budget', 'big.pdf', 'zeta.txt'])
    fireEvent.click(within(table).getByRole('button', { name: /Name/ }))
    expect(names(table)).toEqual(['Budget', 'Archive', 'zeta.txt', 'big.pdf'])
  })

  it('a download asks for a folder, remembers it, and shows its progress until it completes', async () => {
    const { transport } = setup({ 'file.download': () => ({ transfer: '0123456789abcdef' }) })
    const table = await openReports()
    fireEvent.click(within(table).getByRole('button', { name: 'Download big.pdf' }))
    const dialog = await screen.findByRole('dialog', { name: 'Download big.pdf' })
    fireEvent.change(within(dialog).getByLabelText('Save into folder'), {
      target: { value: '/home/alice/Downloads' },
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Download' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(transport.callsOf('file.download')).toEqual([
      { share: 's1', path: '/big.pdf', dest: '/home/alice/Downloads' },
    ])
    const t = transfer({ path: '/big.pdf', bytesTotal: 5_400_000 })
    transport.push('transfer.started', { transfer: t })
    transport.push('transfer.progressed', {
      transfer: { ...t, bytesDone: 2_700_000, rate: 900_000, peers: 2 },
    })
    const bar = await screen.findByRole('progressbar', { name: 'Download of big.pdf' })
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'))
    const row = screen.getByRole('listitem', { name: 'Download of big.pdf' })
    expect(row.textContent).toContain('2.7 MB of 5.4 MB · 900 KB/s · 3 s left · from 2 peers')
    transport.push('transfer.completed', {
      transfer: { ...t, bytesDone: 5_400_000, state: 'done', endedAt: Date.now() },
    })
    await waitFor(() => expect(row.textContent).toContain('Done'))
    // The next download suggests the same folder.
    fireEvent.click(within(table).getByRole('button', { name: 'Download zeta.txt' }))
    const next = await screen.findByRole('dialog', { name: 'Download zeta.txt' })
    expect((within(next).getByLabelText('Save into folder') as HTMLInputElement).value).toBe(
      '/home/alice/Downloads',
    )
  })

  it('history lists the versions and restores one into a folder', async () => {
    const versions: HistoryEntry[] = [
      { version: 3, time: Date.now() - 60_000, added: 1, changed: 2, removed: 0, size: null, deleted: null },
      { version: 4, time: Date.now(), added: 0, changed: 0, removed: 1, size: null, deleted: null },
    ]
    const { transport } = setup({
      'share.history': () => versions,
      'share.restore': () => ({ transfer: '0123456789abcdef' }),
    })
    await openReports()
    fireEvent.click(screen.getByRole('button', { name: 'History' }))
    const list = await screen.findByRole('list', { name: 'Versions' })
    const rows = within(list).getAllByRole('listitem')
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Version 4', 'Version 3'])
    expect(rows[1]!.textContent).toContain('1 added, 2 changed')
    fireEvent.click(within(rows[1]!).getByRole('button', { name: 'Restore version 3' }))
    const dialog = await screen.findByRole('dialog', { name: 'Restore version 3 of Reports' })
    fireEvent.change(within(dialog).getByLabelText('Restore into folder'), { target: { value: '/tmp/old' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore' }))
    await waitFor(() =>
      expect(transport.callsOf('share.restore')).toEqual([{ share: 's1', version: 3, dest: '/tmp/old' }]),
    )
  })

  it('syncing a share to a folder shows it and can be paused and resumed', async () => {
    let syncs: SyncInfo[] = []
    const info: SyncInfo = {
      share: 's1',
      dest: '/home/alice/Reports',
      paused: false,
      state: 'idle',
      lastSyncedAt: Date.now(),
      conflicts: 0,
      error: null,
    }
    const { transport } = setup({
      'sync.list': () => syncs,
      'sync.add': () => {
        syncs = [info]
        return info
      },
      'sync.pause': ({ paused }) => {
        syncs = [{ ...info, paused }]
        return syncs
      },
    })
    await openReports()
    fireEvent.click(screen.getByRole('button', { name: 'Sync…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Sync Reports to a folder' })
    fireEvent.change(within(dialog).getByLabelText('Sync into folder'), { target: { value: info.dest } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start syncing' }))
    transport.push('sync.updated', { sync: info })
    const list = await screen.findByRole('list', { name: 'Synced folders' })
    expect(list.textContent).toContain('up to date')
    fireEvent.click(screen.getByRole('button', { name: 'Pause sync' }))
    expect(await screen.findByRole('button', { name: 'Resume sync' })).toBeTruthy()
    expect(transport.callsOf('sync.pause')).toEqual([{ paused: true, share: 's1' }])
  })

  it('a share whose owner is offline says so', async () => {
    setup({ 'share.browse': fail('UNAVAILABLE', 'Nobody who has Reports is online') }, [
      { ...reports, ownerOnline: false, available: false },
    ])
    await openShares()
    fireEvent.click(await screen.findByRole('button', { name: /^Open Reports/ }))
    const alerts = await screen.findAllByRole('alert')
    expect(alerts.map((a) => a.textContent).join(' ')).toContain('Bob is offline')
  })
})
