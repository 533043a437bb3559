// Renders the whole app (or one view) over a ScriptedTransport, with Testing Library cleanup per test.
import { cleanup, configure, render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach } from 'vitest'
import { RpcClient } from '../../../shared/rpc-client.js'
import { App } from '../app/app.js'
import { DeviceProvider } from '../features/device/device-context.js'
import { RpcProvider } from '../rpc/rpc-context.js'
import { ToastProvider } from '../ui/toast.js'
import { ScriptedTransport, type Script } from './scripted-transport.js'
import type { LinkState } from '../transport/connection.js'

afterEach(cleanup)
// The machine running these is shared and busy: give async UI a little more than the default second.
configure({ asyncUtilTimeout: 3000 })

export function renderApp(script: Script, opts: { state?: LinkState } = {}) {
  const transport = new ScriptedTransport(script, opts)
  const client = new RpcClient(transport, { events: true })
  const view = render(<App client={client} transport={transport} />)
  return { ...view, transport, client }
}

/** One view inside the providers it needs, without the app around it. */
export function renderView(ui: ReactNode, script: Script) {
  const transport = new ScriptedTransport(script)
  const client = new RpcClient(transport, { events: true })
  const view = render(
    <RpcProvider client={client} transport={transport}>
      <ToastProvider>
        <DeviceProvider>{ui}</DeviceProvider>
      </ToastProvider>
    </RpcProvider>,
  )
  return { ...view, transport, client }
}
