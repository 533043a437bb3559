// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../shared/errors.js'
import type { Workgroup } from '../../../../shared/types.js'
import { alice, device, group } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail } from '../../test/scripted-transport.js'

function firstRun(groups: Workgroup[] = []) {
  return renderApp({
    'device.status': () => device({ name: 'DESKTOP-7F3' }),
    'device.rename': ({ name }) => device({ name }),
    'workgroup.list': () => groups,
    'member.list': () => [alice],
  })
}

async function continuePastName(name?: string) {
  const input = await screen.findByLabelText('Your name')
  await waitFor(() => expect(input).toHaveProperty('value', 'DESKTOP-7F3'))
  if (name) fireEvent.change(input, { target: { value: name } })
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }))
  await screen.findByRole('heading', { name: 'Set up your workgroup' })
}

describe('onboarding', () => {
  it('first run asks for a name, then creates a workgroup and opens it', async () => {
    const groups: Workgroup[] = []
    const { transport } = firstRun(groups)
    await continuePastName('Alice Martin')
    expect(transport.callsOf('device.rename')).toEqual([{ name: 'Alice Martin' }])

    fireEvent.click(screen.getByRole('button', { name: /Create a workgroup/ }))
    fireEvent.change(screen.getByLabelText('Workgroup name'), { target: { value: 'Front office' } })
    transport.handle('workgroup.create', ({ name }) => {
      groups.push(group({ id: 'new', name, members: 1, online: 1 }))
      return { id: 'new' }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Create workgroup' }))

    expect(await screen.findByRole('heading', { level: 1, name: 'Front office' })).toBeTruthy()
    expect(await screen.findByRole('list', { name: 'Members of Front office' })).toBeTruthy()
  })

  it('keeps the name when it is unchanged, without a rename call', async () => {
    const { transport } = firstRun()
    await continuePastName()
    expect(transport.callsOf('device.rename')).toEqual([])
  })

  it("shows this device's fingerprint to compare", async () => {
    firstRun()
    const aside = await screen.findByRole('complementary', { name: 'This device' })
    await waitFor(() => expect(aside.textContent).toContain('ybnd-rk3x-pq8e'))
  })

  it('joining with a bad code shows the error and what to do', async () => {
    const { transport } = firstRun()
    transport.handle('invite.redeem', fail('INVITE_INVALID', 'This invite code is not valid'))
    await continuePastName()
    fireEvent.click(screen.getByRole('button', { name: /Join a workgroup/ }))
    fireEvent.change(screen.getByLabelText('Invite code or link'), { target: { value: 'not-a-code' } })
    fireEvent.click(screen.getByRole('button', { name: 'Join workgroup' }))

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain("Couldn't join")
    expect(alert.textContent).toContain('This invite code is not valid.')
    expect(alert.textContent).toContain('Check that you copied the whole code')
  })

  it('an expired invite says to ask for a new one', async () => {
    const { transport } = firstRun()
    transport.handle('invite.redeem', () => {
      throw new AppError('INVITE_EXPIRED', 'The invite expired')
    })
    await continuePastName()
    fireEvent.click(screen.getByRole('button', { name: /Join a workgroup/ }))
    fireEvent.change(screen.getByLabelText('Invite code or link'), { target: { value: 'abc' } })
    fireEvent.click(screen.getByRole('button', { name: 'Join workgroup' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Ask an admin of the group for a new invite.',
    )
  })

  it('a peerdesk:// link is redeemed as its code and the joined group opens', async () => {
    const groups: Workgroup[] = []
    const { transport } = firstRun(groups)
    let release: () => void = () => undefined
    transport.handle('invite.redeem', async () => {
      await new Promise<void>((resolve) => (release = resolve))
      groups.push(group({ id: 'joined', name: 'Accounts', role: 'member' }))
      return { group: 'joined' }
    })
    await continuePastName()
    fireEvent.click(screen.getByRole('button', { name: /Join a workgroup/ }))
    fireEvent.change(screen.getByLabelText('Invite code or link'), {
      target: { value: '  peerdesk://join/yryy8ejm4ab  ' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Join workgroup' }))

    expect((await screen.findByRole('status')).textContent).toContain("Waiting for an admin's device")
    expect(transport.callsOf('invite.redeem')).toEqual([{ code: 'yryy8ejm4ab' }])
    release()
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeTruthy()
  })

  it('an error loading the groups offers a retry', async () => {
    let calls = 0
    renderApp({
      'device.status': () => device(),
      'workgroup.list': () => {
        if (calls++ === 0) throw new AppError('INTERNAL', 'Database locked')
        return []
      },
    })
    expect((await screen.findByRole('alert')).textContent).toContain('Database locked.')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('heading', { name: 'Welcome to Peerdesk' })).toBeTruthy()
  })
})
