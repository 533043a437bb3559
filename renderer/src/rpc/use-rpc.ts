// Data and actions over the contract, with loading and errors as state. Errors are always AppErrors:
// anything else (a bug) is wrapped so a view has one shape to render.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { MethodName, Params, Result } from '../../../shared/contract.js'
import { AppError } from '../../../shared/errors.js'
import { useClient } from './rpc-context.js'
import { useReconnectCount } from './use-link-state.js'

export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  return new AppError('INTERNAL', err instanceof Error ? err.message : String(err))
}

export interface Query<T> {
  data: T | undefined
  error: AppError | null
  loading: boolean
  /** Fetch again, keeping the current data on screen meanwhile. */
  reload: () => void
  /** Patch the data locally, e.g. from an event, without a round trip. */
  setData: (update: (prev: T | undefined) => T | undefined) => void
}

interface QueryState<T> {
  key: string | null
  data: T | undefined
  error: AppError | null
  loading: boolean
}

/** Fetch `method(params)`; `params === null` skips the call. Refetches after a reconnect. */
export function useRpc<M extends MethodName>(method: M, params: Params<M> | null): Query<Result<M>> {
  const client = useClient()
  const reconnects = useReconnectCount()
  const key = params === null ? null : JSON.stringify(params)
  const [tick, setTick] = useState(0)
  const [state, setState] = useState<QueryState<Result<M>>>({
    key,
    data: undefined,
    error: null,
    loading: key !== null,
  })
  // Another key (another group, say): drop the old data at once so it never shows under the wrong heading.
  if (state.key !== key) setState({ key, data: undefined, error: null, loading: key !== null })

  useEffect(() => {
    if (key === null) return
    let live = true
    setState((s) => (s.loading ? s : { ...s, loading: true }))
    client.call(method, JSON.parse(key) as Params<M>).then(
      (data) => live && setState({ key, data, error: null, loading: false }),
      (err: unknown) => live && setState((s) => ({ ...s, error: asAppError(err), loading: false })),
    )
    return () => {
      live = false
    }
  }, [client, method, key, tick, reconnects])

  const reload = useCallback(() => setTick((t) => t + 1), [])
  const setData = useCallback(
    (update: (prev: Result<M> | undefined) => Result<M> | undefined) =>
      setState((s) => ({ ...s, data: update(s.data) })),
    [],
  )
  return { data: state.data, error: state.error, loading: state.loading, reload, setData }
}

export interface Action<M extends MethodName> {
  run: (params: Params<M>) => Promise<Result<M> | undefined>
  pending: boolean
  error: AppError | null
  reset: () => void
}

/** A call the user triggers; resolves to undefined on failure, with the error kept as state. */
export function useAction<M extends MethodName>(method: M): Action<M> {
  const client = useClient()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const run = useCallback(
    async (params: Params<M>) => {
      setPending(true)
      setError(null)
      try {
        return await client.call(method, params)
      } catch (err) {
        if (mounted.current) setError(asAppError(err))
        return undefined
      } finally {
        if (mounted.current) setPending(false)
      }
    },
    [client, method],
  )
  const reset = useCallback(() => setError(null), [])
  return { run, pending, error, reset }
}
