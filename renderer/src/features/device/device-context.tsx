// This device's status (name, key, fingerprint, network), fetched once and kept current by events.
import { createContext, useContext, type ReactNode } from 'react'
import type { DeviceStatus } from '../../../../shared/types.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc, type Query } from '../../rpc/use-rpc.js'

const DeviceContext = createContext<Query<DeviceStatus> | null>(null)

export function DeviceProvider({ children }: { children: ReactNode }) {
  const query = useRpc('device.status', {})
  useEvent('device.renamed', (e) => query.setData((d) => d && { ...d, name: e.payload.name }))
  return <DeviceContext.Provider value={query}>{children}</DeviceContext.Provider>
}

export function useDevice(): Query<DeviceStatus> {
  const query = useContext(DeviceContext)
  if (!query) throw new Error('useDevice needs a <DeviceProvider>')
  return query
}
