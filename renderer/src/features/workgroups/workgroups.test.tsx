// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Member, Workgroup } from '../../../../shared/types.js'
import { alice, bob, carol, device, group, member, NOW, SELF_KEY } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail, type Script } from '../../test/scripted-transport.js'

function setup(opts: { groups?: Workgroup[]; members?: Record<string, Member[]>; script?: Script } = {}) {
  const groups = opts.groups ?? [
    group(),
    group({ id: 'g2', name: 'Accounts', role: 'member', members: 2, online: 1 }),
  ]
  const members = opts.members ?? {
    g1: [alice, bob, carol],
    g2: [{ ...alice, role: 'member' }, member({ key: 'd'.repeat(64), name: 'Dana', role: 'admin' })],
  }
  return renderApp({
    'device.status': () => device(),
    'workgroup.list': () => groups,
    'member.list': ({ group: id }) => members[id] ?? [],
    ...opts.script,
  })
}

const row = async (name: string) => screen.findByRole('listitem', { name })

describe('workgroups', () => {
  it('the sidebar and the group header agree on how many are online', async () => {
    const { transport } = setup()
    await row('Bob')
    const nav = screen.getByRole('navigation', { name: 'Main' })
    const link = within(nav).getByRole('button', { name: /Front office/ })
    expect(link.textContent).toContain('2 online')
    expect(screen.getByText(/· 2 online$/)).toBeTruthy()
    expect(screen.getByText('2 of 3 online')).toBeTruthy()
    // Alone again: the sidebar says so rather than counting this device.
    transport.handle('workgroup.list', () => [
      group({ online: 1 }),
      group({ id: 'g2', name: 'Accounts', members: 1, online: 1 }),
    ])
    transport.push('member.offline', { groupId: 'g1', key: bob.key, lastSeen: Date.now() })
    await waitFor(() => expect(link.textContent).toContain('Nobody else online'))
    expect(within(nav).getByRole('button', { name: /Accounts/ }).textContent).toContain('Just you')
    expect(screen.getByText(/· 1 online$/)).toBeTruthy()
  })

  it('lists members with presence, role badge and fingerprint', async () => {
    setup()
    expect((await row('Alice')).textContent).toContain('(you)')
    expect((await row('Alice')).textContent).toContain('Admin')
    expect((await row('Bob')).textContent).toContain('Online now')
    expect((await row('Bob')).textContent).toContain('bbbb-fp00-0000')
    expect((await row('Carol')).textContent).toContain('Last seen 5 min ago')
    expect(screen.getByText('2 of 3 online')).toBeTruthy()
  })

  it('a member going offline updates the list', async () => {
    const { transport } = setup()
    expect((await row('Bob')).textContent).toContain('Online now')
    transport.push('member.offline', { groupId: 'g1', key: bob.key, lastSeen: Date.now() - 150_000 })
    await waitFor(async () => expect((await row('Bob')).textContent).toContain('Last seen 2 min ago'))
    expect(screen.getByText('1 of 3 online')).toBeTruthy()
  })

  it('a member coming online, joining and renaming shows up without a reload', async () => {
    const { transport } = setup()
    await row('Carol')
    transport.push('member.online', { groupId: 'g1', key: carol.key })
    await waitFor(async () => expect((await row('Carol')).textContent).toContain('Online now'))
    transport.push('member.joined', {
      groupId: 'g1',
      member: member({ key: 'e'.repeat(64), name: 'Eve', online: true }),
    })
    expect((await row('Eve')).textContent).toContain('added by Alice')
    transport.push('member.renamed', { groupId: 'g1', key: bob.key, name: 'Robert' })
    expect(await row('Robert')).toBeTruthy()
    // An event for another group leaves this list alone.
    transport.push('member.left', { groupId: 'g2', key: carol.key })
    transport.push('member.left', { groupId: 'g1', key: 'e'.repeat(64) })
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Eve' })).toBeNull())
    expect(screen.getByRole('listitem', { name: 'Carol' })).toBeTruthy()
  })

  it('switches between groups from the sidebar', async () => {
    setup()
    await screen.findByRole('heading', { level: 1, name: 'Front office' })
    const nav = screen.getByRole('navigation', { name: 'Main' })
    fireEvent.click(within(nav).getByRole('button', { name: /Accounts/ }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeTruthy()
    expect(await row('Dana')).toBeTruthy()
    expect(
      within(nav)
        .getByRole('button', { name: /Accounts/ })
        .getAttribute('aria-current'),
    ).toBe('page')
    // A plain member gets neither the invite nor the remove action.
    expect(screen.queryByRole('button', { name: 'Invite' })).toBeNull()
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull()
    expect(screen.getByText(/Only admins invite and remove members/)).toBeTruthy()
  })

  it('a new group from an event appears in the sidebar', async () => {
    const groups = [group()]
    const { transport } = setup({ groups })
    await screen.findByRole('heading', { level: 1, name: 'Front office' })
    groups.push(group({ id: 'g3', name: 'Warehouse' }))
    transport.push('group.joined', { group: groups[1]! })
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(await within(nav).findByRole('button', { name: /Warehouse/ })).toBeTruthy()
  })

  it('the invite dialog shows the code, the link, the expiry and copies the code', async () => {
    const { transport } = setup({
      script: {
        'invite.create': () => ({
          invite: 'yryy8ejm4abcd',
          link: 'peerdesk://join/yryy8ejm4abcd',
          expiresAt: Date.now() + 24 * 3600_000,
        }),
      },
    })
    const copied: string[] = []
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Invite' }))
    const dialog = await screen.findByRole('dialog', { name: 'Invite someone to Front office' })
    expect((await within(dialog).findByRole('status', { name: 'Invite code' })).textContent).toBe(
      'yryy8ejm4abcd',
    )
    expect(within(dialog).getByRole('status', { name: 'Link' }).textContent).toBe(
      'peerdesk://join/yryy8ejm4abcd',
    )
    // The fixture expires 24 h from when it was made: by render time that reads as either.
    expect(dialog.textContent).toMatch(/Expires in (24 hours|1 day)/)
    expect(transport.callsOf('invite.create')).toEqual([{ group: 'g1', expiresInMs: 24 * 3600_000 }])

    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy invite code' }))
    expect(await within(dialog).findByRole('button', { name: 'Copy invite code: copied' })).toBeTruthy()
    expect(copied).toEqual(['yryy8ejm4abcd'])

    fireEvent.change(within(dialog).getByLabelText('Valid for'), { target: { value: String(3600_000) } })
    await waitFor(() => expect(transport.callsOf('invite.create')).toHaveLength(2))
    expect(transport.callsOf('invite.create')[1]).toEqual({ group: 'g1', expiresInMs: 3600_000 })

    fireEvent.keyDown(dialog, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('an invite that cannot be created says why', async () => {
    setup({ script: { 'invite.create': fail('FORBIDDEN', 'Only an admin of this group can do that') } })
    fireEvent.click(await screen.findByRole('button', { name: 'Invite' }))
    const alert = await within(await screen.findByRole('dialog')).findByRole('alert')
    expect(alert.textContent).toContain("Couldn't create an invite")
    expect(alert.textContent).toContain('Only an admin of this group can do that.')
  })

  it('removing a member asks to confirm, then the member disappears', async () => {
    const members = { g1: [alice, bob, carol] }
    const { transport } = setup({
      members,
      script: {
        'member.remove': ({ member: key }) => {
          members.g1 = members.g1.filter((m) => m.key !== key)
          transport.push('member.removed', { groupId: 'g1', key, by: SELF_KEY })
          return { key }
        },
      },
    })
    expect(screen.queryByRole('button', { name: 'Remove Alice' })).toBeNull()
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Bob' }))
    const dialog = await screen.findByRole('dialog', { name: 'Remove Bob from Front office?' })
    expect(transport.callsOf('member.remove')).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Bob' })).toBeNull())
    expect(transport.callsOf('member.remove')).toEqual([{ group: 'g1', member: bob.key }])
    expect((await screen.findByRole('status')).textContent).toContain('Removed Bob')
  })

  it('a failed removal keeps the dialog open with the error', async () => {
    setup({ script: { 'member.remove': fail('TIMEOUT', 'Timed out waiting for the removal') } })
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Carol' }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Timed out waiting for the removal.',
    )
    expect(screen.getByRole('listitem', { name: 'Carol' })).toBeTruthy()
  })

  it('leaving the last group warns the only admin and returns to the start', async () => {
    const groups = [group()]
    const { transport } = setup({
      groups,
      script: {
        'workgroup.leave': ({ group: id }) => {
          groups.splice(0)
          transport.push('group.left', { groupId: id })
          return { id }
        },
      },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Leave' }))
    const dialog = await screen.findByRole('dialog', { name: 'Leave Front office?' })
    await waitFor(() => expect(dialog.textContent).toContain('You are the only admin'))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Leave group' }))
    expect(await screen.findByRole('heading', { name: "You're not in a workgroup" })).toBeTruthy()
    expect(transport.callsOf('workgroup.leave')).toEqual([{ group: 'g1' }])
  })

  it('being removed by an admin is announced', async () => {
    const { transport } = setup()
    await row('Alice')
    transport.push('member.removed', { groupId: 'g2', key: SELF_KEY, by: 'd'.repeat(64) })
    expect((await screen.findByRole('alert')).textContent).toContain('You were removed from Accounts')
  })

  it('an empty group invites the admin to invite people', async () => {
    setup({ groups: [group({ members: 1, online: 1 })], members: { g1: [alice] } })
    expect(await screen.findByText("It's just you here so far")).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Invite someone' })).toBeTruthy()
  })

  it('adds a second workgroup from the sidebar', async () => {
    const groups = [group()]
    const { transport } = setup({
      groups,
      script: {
        'workgroup.create': ({ name }) => {
          groups.push(group({ id: 'g9', name }))
          transport.push('group.created', { group: groups[1]! })
          return { id: 'g9' }
        },
      },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Add a workgroup' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add a workgroup' })
    fireEvent.click(within(dialog).getByLabelText('Create a new one'))
    fireEvent.change(within(dialog).getByLabelText('Workgroup name'), { target: { value: 'Design' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create workgroup' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Design' })).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
    void NOW
  })
})
