// Following one transfer to its end over the API: what `peerdesk get` waits on, and the bench too.
import { AppError, type ErrorCode } from './errors.js'
import type { RpcClient } from './rpc-client.js'
import type { Transfer } from './types.js'

/**
 * Resolves the transfer `id` once it completed; rejects with its error if it failed or was cancelled.
 * `onProgress` sees each update until then. The client must receive events (RpcClientOptions.events);
 * an end that came before this was called is found in the transfer list.
 */
export function transferEnd(
  client: RpcClient,
  id: string,
  onProgress: (t: Transfer) => void = () => undefined,
): Promise<Transfer> {
  let seen = false
  return new Promise<Transfer>((resolve, reject) => {
    let done = false
    /** The first end wins; the listeners go either way. */
    const settle = (): boolean => {
      if (done) return false
      done = true
      off.forEach((fn) => fn())
      return true
    }
    const finish = (t: Transfer): void => {
      if (!settle()) return
      if (t.state === 'done') resolve(t)
      else {
        const error = t.error ?? { code: 'INTERNAL', message: `The transfer ended ${t.state}` }
        reject(new AppError(error.code as ErrorCode, error.message))
      }
    }
    const onEnd = (t: Transfer): void => {
      if (t.id === id) finish(t)
    }
    const off = [
      client.on('transfer.progressed', (e) => {
        if (e.payload.transfer.id !== id) return
        seen = true
        onProgress(e.payload.transfer)
      }),
      client.on('transfer.completed', (e) => onEnd(e.payload.transfer)),
      client.on('transfer.failed', (e) => onEnd(e.payload.transfer)),
      client.on('transfer.cancelled', (e) => onEnd(e.payload.transfer)),
    ]
    // It may have ended before we knew its id.
    void client.call('transfer.list', {}).then(
      (list) => {
        const t = list.find((x) => x.id === id)
        if (t && t.state !== 'running' && t.state !== 'paused') finish(t)
        else if (t && !seen) onProgress(t)
      },
      (err: unknown) => {
        if (settle()) reject(err)
      },
    )
  })
}
