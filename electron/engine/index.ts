// The engine as a library: createEngine(opts) returns a resource whose service implements the contract.
import { Engine, type EngineOptions } from './engine.js'
import { createService } from './service.js'
import type { HostedService } from '../../shared/rpc-session.js'

export type { EngineOptions } from './engine.js'
export type { NetworkOptions } from './network/swarm-node.js'

export interface PeerdeskEngine {
  engine: Engine
  service: HostedService
  ready(): Promise<void>
  close(): Promise<void>
}

export function createEngine(opts: EngineOptions): PeerdeskEngine {
  const engine = new Engine(opts)
  const service = createService(engine)
  return {
    engine,
    service,
    ready: () => engine.ready(),
    close: () => engine.close(),
  }
}

export { Engine }
