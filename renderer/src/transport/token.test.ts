import { describe, expect, it } from 'vitest'
import { apiUrl, takeToken } from './token.js'

function env(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [['peerdesk.token', stored]] : [])
  const replaced: string[] = []
  return {
    storage,
    replaced,
    env: {
      location: { hash, pathname: '/', search: '' },
      history: {
        replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)),
      },
      storage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
      },
    },
  }
}

describe('takeToken', () => {
  it('takes the token from the address, keeps it for a reload and strips it from the address bar', () => {
    const e = env('#token=s3cret')
    expect(takeToken(e.env)).toBe('s3cret')
    expect(e.storage.get('peerdesk.token')).toBe('s3cret')
    expect(e.replaced).toEqual(['/'])
  })

  it('keeps other hash parameters', () => {
    const e = env('#token=s3cret&view=settings')
    takeToken(e.env)
    expect(e.replaced).toEqual(['/#view=settings'])
  })

  it('after a reload, uses the stored token', () => {
    const e = env('', 'kept')
    expect(takeToken(e.env)).toBe('kept')
    expect(e.replaced).toEqual([])
  })

  it('without a token anywhere, says so', () => {
    expect(takeToken(env('').env)).toBeNull()
  })
})

describe('apiUrl', () => {
  it('points at /api on the same host with the token escaped', () => {
    expect(apiUrl({ protocol: 'http:', host: '127.0.0.1:4123' }, 'a+b/c')).toBe(
      'ws://127.0.0.1:4123/api?token=a%2Bb%2Fc',
    )
  })
})
