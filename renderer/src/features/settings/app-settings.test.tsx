// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Params } from '../../../../shared/contract.js'
import type { AppSettings } from '../../../../shared/types.js'
import { alice, device, group, networkReport } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail } from '../../test/scripted-transport.js'

const STARTED: AppSettings['network'] = { mode: 'auto', bootstrap: [] }

/** An engine that keeps the settings as the real one does: network changes wait for a restart. */
function openSettings(initial: Partial<AppSettings> = {}) {
  let current: AppSettings = {
    network: STARTED,
    startAtLogin: false,
    dataDir: '/home/alice/.config/Peerdesk',
    restartRequired: false,
    ...initial,
  }
  const update = ({ network, startAtLogin }: Params<'settings.update'>): AppSettings => {
    const next = network
      ? { mode: network.mode, bootstrap: network.bootstrap ?? current.network.bootstrap }
      : current.network
    current = {
      ...current,
      network: next,
      startAtLogin: startAtLogin ?? current.startAtLogin,
      restartRequired: JSON.stringify(next) !== JSON.stringify(STARTED),
    }
    return current
  }
  return renderApp({
    'device.status': () => device(),
    'workgroup.list': () => [group()],
    'member.list': () => [alice],
    'network.doctor': () => networkReport(),
    'settings.get': () => current,
    'settings.update': update,
  })
}

async function networkSection() {
  fireEvent.click(await screen.findByRole('button', { name: /Settings$/ }))
  const section = await screen.findByRole('region', { name: 'Network' })
  await within(section).findByRole('radio', { name: /Automatic/ })
  return section
}

afterEach(() => {
  delete window.peerdesk
})

describe('app settings', () => {
  it('switches to this office network only, and says it applies after a restart', async () => {
    const { transport } = openSettings()
    const section = await networkSection()
    const auto = within(section).getByRole('radio', {
      name: /Automatic \(internet and this office network\)/,
    })
    expect(auto).toHaveProperty('checked', true)
    const save = within(section).getByRole('button', { name: 'Save network setting' })
    expect(save).toHaveProperty('disabled', true)
    expect(within(section).queryByRole('note')).toBeNull()

    fireEvent.click(within(section).getByRole('radio', { name: /This office network only/ }))
    fireEvent.click(save)
    await waitFor(() => expect(transport.callsOf('settings.update')).toEqual([{ network: { mode: 'lan' } }]))
    expect((await within(section).findByRole('note')).textContent).toContain(
      'takes effect after Peerdesk restarts',
    )
  })

  it('edits a list of custom bootstrap nodes, checking each is HOST:PORT', async () => {
    const { transport } = openSettings()
    const section = await networkSection()
    fireEvent.click(within(section).getByRole('radio', { name: /Custom bootstrap nodes/ }))
    const save = within(section).getByRole('button', { name: 'Save network setting' })
    expect(section.textContent).toContain('Add at least one bootstrap node.')
    expect(save).toHaveProperty('disabled', true)

    fireEvent.change(within(section).getByLabelText('Bootstrap node 1'), { target: { value: '10.0.0.5' } })
    expect(section.textContent).toContain('10.0.0.5 is not HOST:PORT')
    expect(save).toHaveProperty('disabled', true)
    fireEvent.change(within(section).getByLabelText('Bootstrap node 1'), {
      target: { value: ' 10.0.0.5:49737 ' },
    })
    fireEvent.click(within(section).getByRole('button', { name: 'Add a node' }))
    fireEvent.change(within(section).getByLabelText('Bootstrap node 2'), { target: { value: 'x:1' } })
    fireEvent.click(within(section).getByRole('button', { name: 'Add a node' }))
    fireEvent.change(within(section).getByLabelText('Bootstrap node 3'), {
      target: { value: 'office.example:49737' },
    })
    fireEvent.click(within(section).getByRole('button', { name: 'Remove bootstrap node 2' }))
    expect(save).toHaveProperty('disabled', false)
    fireEvent.click(save)
    await waitFor(() =>
      expect(transport.callsOf('settings.update')).toEqual([
        { network: { mode: 'custom', bootstrap: ['10.0.0.5:49737', 'office.example:49737'] } },
      ]),
    )
    expect((await within(section).findByRole('note')).textContent).toContain('after Peerdesk restarts')
  })

  it('shows what the engine refused', async () => {
    const { transport } = openSettings()
    transport.handle('settings.update', fail('BAD_REQUEST', '"bad:0" is not HOST:PORT'))
    const section = await networkSection()
    fireEvent.click(within(section).getByRole('radio', { name: /This office network only/ }))
    fireEvent.click(within(section).getByRole('button', { name: 'Save network setting' }))
    expect((await within(section).findByRole('alert')).textContent).toContain('is not HOST:PORT')
  })

  it('follows a change made elsewhere', async () => {
    const { transport } = openSettings()
    const section = await networkSection()
    transport.push('settings.updated', {
      settings: {
        network: { mode: 'custom', bootstrap: ['10.0.0.9:49737'] },
        startAtLogin: false,
        dataDir: '/home/alice/.config/Peerdesk',
        restartRequired: true,
      },
    })
    await waitFor(() =>
      expect(within(section).getByRole('radio', { name: /Custom bootstrap nodes/ })).toHaveProperty(
        'checked',
        true,
      ),
    )
    expect(within(section).getByLabelText('Bootstrap node 1')).toHaveProperty('value', '10.0.0.9:49737')
    expect(within(section).getByRole('note').textContent).toContain('after Peerdesk restarts')
  })

  it('in a browser, start at login is off limits; About shows the data folder', async () => {
    openSettings()
    await networkSection()
    const startup = screen.getByRole('region', { name: 'Startup' })
    const toggle = within(startup).getByRole('checkbox', { name: 'Start Peerdesk when I log in' })
    expect(toggle).toHaveProperty('disabled', true)
    expect(startup.textContent).toContain('Only the desktop app can start at login')
    const about = screen.getByRole('region', { name: 'About' })
    expect(about.textContent).toContain('/home/alice/.config/Peerdesk')
  })

  it('in the desktop app, the toggle saves start at login', async () => {
    window.peerdesk = { send: () => {}, onFrame: () => () => {} }
    const { transport } = openSettings()
    await networkSection()
    const startup = screen.getByRole('region', { name: 'Startup' })
    const toggle = within(startup).getByRole('checkbox', { name: 'Start Peerdesk when I log in' })
    expect(toggle).toHaveProperty('disabled', false)
    expect(startup.textContent).not.toContain('Only the desktop app')
    fireEvent.click(toggle)
    await waitFor(() => expect(transport.callsOf('settings.update')).toEqual([{ startAtLogin: true }]))
    await waitFor(() => expect(toggle).toHaveProperty('checked', true))
  })
})
