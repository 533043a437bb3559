// The root: providers, the connection gate, and the choice between first-run onboarding and the app.
import { useEffect, useRef, useState } from 'react'
import type { RpcClient } from '../../../shared/rpc-client.js'
import { DeviceProvider, useDevice } from '../features/device/device-context.js'
import { Onboarding } from '../features/onboarding/onboarding.js'
import { useWorkgroups } from '../features/workgroups/use-workgroups.js'
import { RpcProvider } from '../rpc/rpc-context.js'
import { useEvent } from '../rpc/use-events.js'
import { useLinkState } from '../rpc/use-link-state.js'
import { describeError } from '../ui/describe-error.js'
import { LoadingPane } from '../ui/spinner.js'
import { ToastProvider, useToast } from '../ui/toast.js'
import type { AppTransport } from '../transport/connection.js'
import { ConnectingScreen, StartupErrorScreen } from './connection-screen.js'
import { useRetrySeconds } from './link-banner.js'
import { useJoinLink } from './join-link.js'
import type { Route } from './route.js'
import { Shell } from './shell.js'

export function App({ client, transport }: { client: RpcClient; transport: AppTransport }) {
  return (
    <RpcProvider client={client} transport={transport}>
      <ToastProvider>
        <ConnectionGate />
      </ToastProvider>
    </RpcProvider>
  )
}

function ConnectionGate() {
  const state = useLinkState()
  const retry = useRetrySeconds(state === 'connecting')
  // Only the very first connect blocks the window; later drops show a banner over the last data.
  if (state === 'connecting') return <ConnectingScreen retryInSeconds={retry} />
  return (
    <DeviceProvider>
      <Home />
    </DeviceProvider>
  )
}

function Home() {
  const groups = useWorkgroups()
  const device = useDevice()
  const toast = useToast()
  const [route, setRoute] = useState<Route | null>(null)
  const join = useJoinLink()
  const hadGroups = useRef(false)
  const list = groups.data
  useEffect(() => {
    if (list && list.length > 0) hadGroups.current = true
  }, [list])

  // Being removed by an admin is news the user must hear, whichever page they are on.
  useEvent('member.removed', ({ payload }) => {
    if (payload.key !== device.data?.key) return
    const name = list?.find((g) => g.id === payload.groupId)?.name ?? 'a workgroup'
    toast.error(`You were removed from ${name}`, { code: 'REMOVED', message: 'An admin removed this device' })
  })

  if (!list) {
    if (groups.error) {
      const { message, hint } = describeError(groups.error)
      return <StartupErrorScreen message={message} hint={hint} onRetry={groups.reload} />
    }
    return <LoadingPane label="Loading your workgroups…" />
  }
  if (list.length === 0) {
    return (
      <Onboarding
        returning={hadGroups.current}
        inviteCode={join.link?.code}
        onDone={(groupId) => {
          join.dismiss()
          setRoute({ page: 'group', groupId })
          groups.reload()
        }}
      />
    )
  }
  const current: Route = route ?? { page: 'group', groupId: list[0]!.id }
  return (
    <Shell
      groups={list}
      route={current}
      onNavigate={setRoute}
      invite={join.link}
      onInviteClosed={join.dismiss}
    />
  )
}
