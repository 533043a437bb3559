// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { DeviceStatus } from '../../../../shared/types.js'
import { alice, device, group } from '../../test/fixtures.js'
import { renderApp } from '../../test/render-app.js'
import { fail } from '../../test/scripted-transport.js'

function openSettings(status: DeviceStatus = device()) {
  let current = status
  const view = renderApp({
    'device.status': () => current,
    'device.rename': ({ name }) => (current = { ...current, name }),
    'workgroup.list': () => [group()],
    'member.list': () => [alice],
  })
  return { ...view, setStatus: (s: DeviceStatus) => (current = s) }
}

async function goToSettings() {
  fireEvent.click(await screen.findByRole('button', { name: 'Settings' }))
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
      expect(within(nav).getByRole('button', { name: 'Settings' }).textContent).toContain(
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
})
