// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { alice, bob, device, group } from '../test/fixtures.js'
import { renderApp } from '../test/render-app.js'

function script() {
  const members = [alice, { ...bob, online: false, lastSeen: Date.now() - 3 * 3600_000 }]
  return {
    members,
    script: {
      'device.status': () => device(),
      'workgroup.list': () => [group()],
      'member.list': () => members,
    },
  }
}

describe('app', () => {
  it('waits for the first connection before showing anything', async () => {
    const { script: s } = script()
    const { transport } = renderApp(s, { state: 'connecting' })
    expect(screen.getByRole('status').textContent).toContain('Connecting to Peerdesk')
    act(() => transport.setState('open'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Front office' })).toBeTruthy()
  })

  it('a dropped link shows a banner, keeps the data, and refetches on reconnect', async () => {
    const { members, script: s } = script()
    const { transport } = renderApp(s)
    expect((await screen.findByRole('listitem', { name: 'Bob' })).textContent).toContain(
      'Last seen 3 hours ago',
    )

    act(() => transport.setState('reconnecting'))
    expect((await screen.findByRole('status')).textContent).toContain('Lost the connection to Peerdesk')
    expect(screen.getByRole('listitem', { name: 'Bob' })).toBeTruthy()

    // While away Bob came online, and the events about it were missed: the list must catch up anyway.
    members[1] = { ...bob, online: true }
    act(() => transport.setState('open'))
    await waitFor(() =>
      expect(screen.getByRole('listitem', { name: 'Bob' }).textContent).toContain('Online now'),
    )
    expect(screen.queryByText(/Lost the connection/)).toBeNull()
  })

  it('the workspace pages open from the sidebar', async () => {
    const { script: s } = script()
    renderApp({
      ...s,
      'share.list': () => [],
      'transfer.list': () => [],
      'printer.list': () => [],
      'print.jobs': () => [],
    })
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    for (const [item, heading] of [
      ['Shared folders', 'Shared folders'],
      ['Transfers', 'Transfers'],
      ['Printers', 'Printers'],
    ] as const) {
      fireEvent.click(within(nav).getByRole('button', { name: new RegExp(item) }))
      expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy()
    }
    expect(within(nav).queryAllByText('Soon')).toHaveLength(0)
  })
})

describe('invite links', () => {
  it('a #/join/ link on load opens the join form with the code, and leaves the address', async () => {
    window.history.replaceState(null, '', '/#/join/' + encodeURIComponent('yry4-code'))
    const { script: s } = script()
    renderApp(s)
    const dialog = await screen.findByRole('dialog', { name: 'Add a workgroup' })
    expect(within(dialog).getByLabelText('Invite code or link')).toHaveProperty('value', 'yry4-code')
    expect(window.location.hash).toBe('')
  })

  it('a link that arrives later (hashchange) opens the form again, and closing it forgets the code', async () => {
    window.history.replaceState(null, '', '/')
    const { script: s } = script()
    renderApp(s)
    await screen.findByRole('heading', { level: 1, name: 'Front office' })
    expect(screen.queryByRole('dialog')).toBeNull()
    act(() => {
      window.location.hash = '#/join/second-code'
      window.dispatchEvent(new HashChangeEvent('hashchange'))
    })
    const dialog = await screen.findByRole('dialog', { name: 'Add a workgroup' })
    expect(within(dialog).getByLabelText('Invite code or link')).toHaveProperty('value', 'second-code')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('on first run, the link carries through the name step to a prefilled join form', async () => {
    window.history.replaceState(null, '', '/#/join/first-run-code')
    renderApp({
      'device.status': () => device({ name: '' }),
      'workgroup.list': () => [],
      'device.rename': ({ name }) => device({ name }),
    })
    fireEvent.change(await screen.findByLabelText('Your name'), { target: { value: 'Dana' } })
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByLabelText('Invite code or link')).toHaveProperty('value', 'first-run-code')
  })
})
