import { describe, expect, it } from 'vitest'
import { statusLines, TrayService, trayStateFor, type TrayMenuItem, INITIAL_STATUS } from './tray-service.js'

function fakeTray() {
  const calls = {
    images: [] as string[],
    tooltips: [] as string[],
    menus: [] as TrayMenuItem[][],
    destroyed: 0,
  }
  let click: (() => void) | null = null
  const factory = {
    createTray: (icon: string) => {
      calls.images.push(icon)
      return {
        setImage: (i: string) => calls.images.push(i),
        setToolTip: (t: string) => calls.tooltips.push(t),
        setContextMenu: (m: TrayMenuItem[]) => calls.menus.push(m),
        on: (_e: 'click', cb: () => void) => (click = cb),
        destroy: () => calls.destroyed++,
      }
    },
    buildMenu: (template: TrayMenuItem[]) => template,
  }
  const actions = { opened: 0, paused: [] as boolean[], quit: 0 }
  const tray = new TrayService({
    factory,
    icons: { idle: 'idle.png', syncing: 'syncing.png', offline: 'offline.png', attention: 'attention.png' },
    actions: {
      open: () => actions.opened++,
      setPaused: (p) => actions.paused.push(p),
      quit: () => actions.quit++,
    },
  })
  const menu = () => calls.menus.at(-1)!
  const item = (id: string) => menu().find((i) => i.id === id)!
  return { tray, calls, actions, menu, item, click: () => click?.() }
}

describe('trayStateFor', () => {
  it('picks the icon state: attention, then offline or paused, then syncing, else idle', () => {
    expect(trayStateFor(INITIAL_STATUS)).toBe('idle')
    expect(trayStateFor({ ...INITIAL_STATUS, transfers: 2 })).toBe('syncing')
    expect(trayStateFor({ ...INITIAL_STATUS, transfers: 2, paused: true })).toBe('offline')
    expect(trayStateFor({ ...INITIAL_STATUS, offline: true })).toBe('offline')
    expect(trayStateFor({ ...INITIAL_STATUS, offline: true, attention: 'Approve a print job' })).toBe(
      'attention',
    )
  })
})

describe('TrayService', () => {
  it('shows the idle icon with status lines, Open, Pause and Quit', () => {
    const t = fakeTray()
    t.tray.show()
    expect(t.calls.images).toEqual(['idle.png'])
    expect(t.calls.tooltips.at(-1)).toBe('Peerdesk: all synced')
    const labels = t.menu().map((i) => i.label ?? '---')
    expect(labels).toEqual([
      'No members online',
      'No transfers running',
      '---',
      'Open Peerdesk',
      'Pause sync',
      '---',
      'Quit Peerdesk',
    ])
    expect(
      t
        .menu()
        .slice(0, 2)
        .every((i) => i.enabled === false),
    ).toBe(true)
  })

  it('changes icon, tooltip and lines as members and transfers come and go', () => {
    const t = fakeTray()
    t.tray.show()
    t.tray.update({ membersOnline: 1, transfers: 3 })
    expect(t.calls.images.at(-1)).toBe('syncing.png')
    expect(t.calls.tooltips.at(-1)).toBe('Peerdesk: syncing')
    expect(statusLines(t.tray.status)).toEqual(['1 member online', '3 transfers running'])
    t.tray.update({ transfers: 0 })
    expect(t.calls.images.at(-1)).toBe('idle.png')
    t.tray.update({ offline: true })
    expect(t.calls.images.at(-1)).toBe('offline.png')
    expect(t.item('status-0').label).toBe('Offline')
    t.tray.update({ attention: 'Approve a print job from Ana' })
    expect(t.calls.images.at(-1)).toBe('attention.png')
    expect(t.item('status-0').label).toBe('Approve a print job from Ana')
  })

  it('does not rebuild the menu when nothing changed', () => {
    const t = fakeTray()
    t.tray.show()
    const before = t.calls.menus.length
    t.tray.update({ membersOnline: 0 })
    expect(t.calls.menus.length).toBe(before)
  })

  it('runs its actions from the menu and the icon', () => {
    const t = fakeTray()
    t.tray.show()
    t.item('open').click!()
    t.click()
    t.item('pause').click!()
    expect(t.actions.paused).toEqual([true])
    t.tray.update({ paused: true })
    expect(t.item('pause').label).toBe('Resume sync')
    expect(t.calls.tooltips.at(-1)).toBe('Peerdesk: sync paused')
    t.item('pause').click!()
    expect(t.actions.paused).toEqual([true, false])
    t.item('quit').click!()
    expect(t.actions).toMatchObject({ opened: 2, quit: 1 })
  })

  it('destroys the tray once', () => {
    const t = fakeTray()
    t.tray.show()
    t.tray.show()
    t.tray.destroy()
    t.tray.destroy()
    expect(t.calls.destroyed).toBe(1)
  })
})
