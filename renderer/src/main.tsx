// Entry point: pick the transport (Electron IPC or a WebSocket to `peerdesk serve`), then render.
import './zod-jitless.js'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RpcClient } from '../../shared/rpc-client.js'
import { App } from './app/app.js'
import { NoTokenScreen } from './app/connection-screen.js'
import { pickTransport } from './transport/pick-transport.js'
import './styles.css'

const root = createRoot(document.getElementById('root')!)
const choice = pickTransport(window)

if (!choice.ok) {
  root.render(<NoTokenScreen />)
} else {
  const { transport } = choice
  // The client exists before the first connect so it sees the first open and subscribes to events.
  const client = new RpcClient(transport, { events: true })
  transport.connect()
  root.render(
    <StrictMode>
      <App client={client} transport={transport} />
    </StrictMode>,
  )
}
