// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { DeviceStatus, NetworkReport } from '../../../../shared/types.js'
import { alice, bob, device, group, networkReport } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail } from '../../test/scripted-transport.js'

function openSettings(status: DeviceStatus = device(), report: NetworkReport = networkReport()) {
  let current = status
  const view = renderApp({
    'device.status': () => current,
    'device.rename': ({ name }) => (current = { ...current, name }),
    'workgroup.list': () => [group()],
    'member.list': () => [alice],
    'network.doctor': () => report,
    'settings.get': () => ({
      network: { mode: 'auto', bootstrap: [] },
      startAtLogin: false,
      dataDir: '/home/alice/.config/Peerdesk',
      restartRequired: false,
    }),
  })
  return { ...view, setStatus: (s: DeviceStatus) => (current = s) }
}

async function goToSettings() {
  fireEvent.click(await screen.findByRole('button', { name: /Settings$/ }))
  return screen.findByRole('heading', { level: 1, name: 'Settings' })
}

describe('settings', () => {
  it('shows the network and the about facts from device.status', async () => {
    openSettings(
      device({
        network: {
          mode: 'custom',
          bootstrap: ['10.0.0.5:49737'],
          host: '0.0.0.0',
          port: 49800,
          connections: 1,
        },
      }),
    )
    await goToSettings()
    const network = await screen.findByRole('region', { name: 'Network' })
    expect(network.textContent).toContain('Private bootstrap nodes')
    expect(network.textContent).toContain('10.0.0.5:49737')
    expect(network.textContent).toContain('0.0.0.0:49800')
    expect(network.textContent).toContain('1 peer connected')
    const about = screen.getByRole('region', { name: 'About' })
    expect(about.textContent).toContain('ybnd-rk3x-pq8e')
    expect(about.textContent).toContain('a'.repeat(64))
    expect(about.textContent).toContain('Browser')
  })

  it('renaming the device updates the sidebar', async () => {
    const { transport } = openSettings()
    await goToSettings()
    const input = await screen.findByLabelText('Display name')
    fireEvent.change(input, { target: { value: 'Alice (reception)' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    // The engine announces the rename; the sidebar's device card follows it.
    await waitFor(() => expect(transport.callsOf('device.rename')).toEqual([{ name: 'Alice (reception)' }]))
    transport.push('device.renamed', { name: 'Alice (reception)' })
    const nav = screen.getByRole('navigation', { name: 'Main' })
    await waitFor(() =>
      expect(within(nav).getByRole('button', { name: /Settings$/ }).textContent).toContain(
        'Alice (reception)',
      ),
    )
    expect((await screen.findByRole('status')).textContent).toContain('Name changed')
  })

  it('a rename that fails shows the reason next to the field', async () => {
    const { transport } = openSettings()
    transport.handle('device.rename', fail('BAD_REQUEST', 'name: must be at most 64 characters'))
    await goToSettings()
    fireEvent.change(await screen.findByLabelText('Display name'), { target: { value: 'Bob' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect((await screen.findByRole('alert')).textContent).toContain('must be at most 64 characters.')
  })

  it('a rename made elsewhere shows up in the field', async () => {
    const { transport } = openSettings()
    await goToSettings()
    const input = await screen.findByLabelText('Display name')
    await waitFor(() => expect(input).toHaveProperty('value', 'Alice'))
    transport.push('device.renamed', { name: 'Alice M.' })
    await waitFor(() => expect(input).toHaveProperty('value', 'Alice M.'))
  })

  it('says when Peerdesk keeps to the office network', async () => {
    openSettings(
      device({ network: { mode: 'lan', bootstrap: [], host: null, port: null, connections: 0 } }),
      networkReport({ mode: 'lan', bootstrap: { nodes: [], reachable: false } }),
    )
    await goToSettings()
    const network = await screen.findByRole('region', { name: 'Network' })
    expect(network.textContent).toContain('This office network only')
    expect(network.textContent).toContain('LAN only')
    const diagnostics = screen.getByRole('region', { name: 'Diagnostics' })
    await waitFor(() =>
      expect(diagnostics.textContent).toContain('Not used: Peerdesk stays on this office network'),
    )
  })

  it('diagnostics explain what blocks the network, and how each member is connected', async () => {
    const first = networkReport({
      bootstrap: { nodes: ['node1.hyperdht.org:49737'], reachable: false },
      dht: { address: null, localPort: 49737, firewalled: true, nodes: 0 },
      lan: {
        enabled: true,
        devices: [{ address: '192.168.1.20:49737', seenAt: Date.now() }],
        firstAnswerMs: 40,
        error: null,
      },
      connections: [
        {
          key: bob.key,
          name: 'Bob',
          path: 'relayed',
          address: '198.51.100.3:443',
          rttMs: 84.4,
          connectedAt: 0,
        },
      ],
      advice: ['No bootstrap node answered: a firewall may block UDP. Ask IT to allow UDP to the internet.'],
    })
    const { transport } = openSettings(device(), first)
    await goToSettings()
    const diagnostics = await screen.findByRole('region', { name: 'Diagnostics' })
    await waitFor(() => expect(diagnostics.textContent).toContain('Not reachable (1 bootstrap node tried)'))
    expect(within(diagnostics).getByRole('list', { name: 'Advice' }).textContent).toContain('allow UDP')
    expect(diagnostics.textContent).toContain('Behind a firewall or router')
    expect(diagnostics.textContent).toContain('1 device seen')
    expect(diagnostics.textContent).toContain('192.168.1.20:49737')
    const row = within(diagnostics).getByRole('row', { name: /Bob/ })
    expect(row.textContent).toContain('Through a relay')
    expect(row.textContent).toContain('198.51.100.3:443')
    expect(row.textContent).toContain('84 ms')

    transport.handle('network.doctor', () => networkReport())
    fireEvent.click(within(diagnostics).getByRole('button', { name: 'Check again' }))
    await waitFor(() => expect(diagnostics.textContent).toContain('Nothing looks blocked.'))
    expect(diagnostics.textContent).toContain('Nobody is connected right now.')
    expect(transport.callsOf('network.doctor')).toHaveLength(2)
  })

  it('adds a device by address and says whether it answered', async () => {
    const { transport } = openSettings()
    transport.handle('network.connect', ({ address }) => ({
      address: address.trim(),
      reachable: address.startsWith('192'),
      peers: [address.trim()],
    }))
    await goToSettings()
    const section = await screen.findByRole('region', { name: 'Add a device by address' })
    await waitFor(() => expect(section.textContent).toContain('203.0.113.7:49737'))
    const input = within(section).getByLabelText('Address of the other device')
    fireEvent.change(input, { target: { value: ' 10.0.0.9:49737 ' } })
    fireEvent.click(within(section).getByRole('button', { name: 'Connect' }))
    expect((await within(section).findByRole('status')).textContent).toContain(
      'No answer from 10.0.0.9:49737 yet',
    )
    fireEvent.change(input, { target: { value: '192.168.1.20:49737' } })
    fireEvent.click(within(section).getByRole('button', { name: 'Connect' }))
    await waitFor(() =>
      expect(within(section).getByRole('status').textContent).toContain('192.168.1.20:49737 answered'),
    )
    expect(transport.callsOf('network.connect')).toEqual([
      { address: '10.0.0.9:49737' },
      { address: '192.168.1.20:49737' },
    ])
  })

  it('a bad address shows the reason', async () => {
    const { transport } = openSettings()
    transport.handle('network.connect', fail('BAD_REQUEST', 'address: must be HOST:PORT'))
    await goToSettings()
    const section = await screen.findByRole('region', { name: 'Add a device by address' })
    fireEvent.change(within(section).getByLabelText('Address of the other device'), {
      target: { value: 'nope' },
    })
    fireEvent.click(within(section).getByRole('button', { name: 'Connect' }))
    expect((await within(section).findByRole('alert')).textContent).toContain('must be HOST:PORT')
  })
})
