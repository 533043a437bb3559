import { describe, expect, it } from 'vitest'
import { Notifier, noticeFor, type Notice } from './notifications.js'

const ctx = { groupName: (id: string) => (id === 'g1' ? 'Studio' : undefined) }
const member = (name: string, self = false) => ({ key: 'k', name, self })

describe('notifications', () => {
  it('announces a member who joined, naming the group', () => {
    expect(
      noticeFor({ name: 'member.joined', payload: { groupId: 'g1', member: member('Ana') } }, ctx),
    ).toEqual({ title: 'Member joined', body: 'Ana joined in Studio' })
  })

  it('stays quiet about our own joining and unknown events', () => {
    expect(
      noticeFor({ name: 'member.joined', payload: { groupId: 'g1', member: member('me', true) } }, ctx),
    ).toBe(null)
    expect(noticeFor({ name: 'member.online', payload: {} }, ctx)).toBeNull()
    expect(noticeFor({ name: 'toString', payload: {} }, ctx)).toBeNull()
  })

  it('maps shares, downloads and print jobs by event name', () => {
    expect(
      noticeFor({ name: 'share.created', payload: { share: { name: 'Plans', ownerName: 'Bo' } } }, ctx),
    ).toEqual({
      title: 'New shared folder',
      body: 'Bo shared Plans',
    })
    expect(noticeFor({ name: 'download.completed', payload: { name: 'report.pdf' } }, ctx)?.title).toBe(
      'Download finished',
    )
    expect(
      noticeFor({ name: 'print.completed', payload: { document: 'a.pdf', printer: 'HP' } }, ctx)?.body,
    ).toBe('a.pdf printed on HP')
  })

  it('does not notify while the window has focus', () => {
    const shown: Notice[] = []
    let focused = true
    const n = new Notifier({ show: (x) => shown.push(x), windowFocused: () => focused })
    const event = { name: 'member.joined', payload: { groupId: 'g', member: member('Ana') } }
    n.handle(event)
    focused = false
    n.handle(event)
    expect(shown).toEqual([{ title: 'Member joined', body: 'Ana joined' }])
  })
})
