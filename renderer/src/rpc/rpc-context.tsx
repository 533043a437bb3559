// The one RpcClient and its transport, handed down to the features through context.
import { createContext, useContext, type ReactNode } from 'react'
import type { RpcClient } from '../../../shared/rpc-client.js'
import type { AppTransport } from '../transport/connection.js'

interface Rpc {
  client: RpcClient
  transport: AppTransport
}

const RpcContext = createContext<Rpc | null>(null)

export function RpcProvider({ client, transport, children }: Rpc & { children: ReactNode }) {
  return <RpcContext.Provider value={{ client, transport }}>{children}</RpcContext.Provider>
}

export function useRpcContext(): Rpc {
  const rpc = useContext(RpcContext)
  if (!rpc) throw new Error('useRpcContext needs an <RpcProvider>')
  return rpc
}

export function useClient(): RpcClient {
  return useRpcContext().client
}
