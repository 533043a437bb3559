// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../../../shared/types.js'
import { alice, bob, device, group, share, transfer } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import type { Script } from '../../test/scripted-transport.js'

function setup(transfers: Transfer[] = [], script: Script = {}) {
  return renderApp({
    'device.status': () => device(),
    'workgroup.list': () => [group()],
    'member.list': () => [alice, bob],
    'share.list': () => [share({ id: 's1', name: 'Reports' })],
    'transfer.list': () => transfers,
    ...script,
  })
}

async function openTransfers() {
  fireEvent.click(await screen.findByRole('button', { name: /^Transfers/ }))
  await screen.findByRole('heading', { level: 1, name: 'Transfers' })
}

describe('transfers', () => {
  it('a download shows its progress and completes, live from events', async () => {
    const { transport } = setup()
    await openTransfers()
    expect(await screen.findByText('No transfers yet')).toBeTruthy()
    const t = transfer({ path: '/report.pdf', bytesTotal: 2_000_000 })
    transport.push('transfer.started', { transfer: t })
    const bar = await screen.findByRole('progressbar', { name: 'Download of report.pdf' })
    expect(bar.getAttribute('aria-valuenow')).toBe('0')
    transport.push('transfer.progressed', {
      transfer: { ...t, bytesDone: 1_500_000, rate: 250_000, peers: 3 },
    })
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('75'))
    const row = screen.getByRole('listitem', { name: 'Download of report.pdf' })
    expect(row.textContent).toContain('Reports/report.pdf')
    expect(row.textContent).toContain('1.5 MB of 2 MB · 250 KB/s · 2 s left · from 3 peers')
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('status').textContent).toBe('1')
    transport.push('transfer.completed', {
      transfer: { ...t, bytesDone: 2_000_000, state: 'done', endedAt: Date.now() },
    })
    const recent = await screen.findByRole('list', { name: 'Recent transfers' })
    expect(within(recent).getByRole('listitem').textContent).toContain('Done')
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('status')).toBeNull()
  })

  it('a failed transfer shows what to do', async () => {
    setup([
      transfer({
        id: '1111111111111111',
        path: '/video.mp4',
        state: 'failed',
        endedAt: Date.now(),
        error: { code: 'DISK_FULL', message: 'No space left on /home' },
      }),
      transfer({
        id: '2222222222222222',
        path: '/',
        state: 'failed',
        endedAt: Date.now(),
        error: { code: 'UNAVAILABLE', message: 'Nobody who has Reports is online' },
      }),
    ])
    await openTransfers()
    const full = await screen.findByRole('listitem', { name: 'Download of video.mp4' })
    expect(within(full).getByRole('alert').textContent).toBe(
      'No space left on /home. The disk is full. Free some space on it, then start the download again.',
    )
    const offline = await screen.findByRole('listitem', { name: 'Download of Reports' })
    expect(within(offline).getByRole('alert').textContent).toContain('the owner is offline')
    expect(within(offline).queryByRole('button', { name: /Cancel/ })).toBeNull()
  })

  it('cancelling a running transfer asks the engine and shows it cancelled', async () => {
    const t = transfer({ bytesDone: 500_000, rate: 100_000 })
    const { transport } = setup([t], {
      'transfer.cancel': ({ id }) => {
        queueMicrotask(() =>
          transport.push('transfer.cancelled', {
            transfer: { ...t, state: 'cancelled', endedAt: Date.now() },
          }),
        )
        return { id }
      },
    })
    await openTransfers()
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel Download of report.pdf' }))
    await waitFor(() => expect(transport.callsOf('transfer.cancel')).toEqual([{ id: t.id }]))
    const recent = await screen.findByRole('list', { name: 'Recent transfers' })
    expect(within(recent).getByRole('listitem').textContent).toContain('Cancelled')
  })
})
