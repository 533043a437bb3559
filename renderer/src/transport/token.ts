// The API token arrives once in the address (#token=...). It is kept in sessionStorage so a reload
// works, and removed from the address bar so it does not end up in history, bookmarks or screenshots.

const KEY = 'peerdesk.token'

export interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>
  history: Pick<History, 'replaceState'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

export function takeToken(env: TokenEnv): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''))
  const fromHash = params.get('token')
  if (fromHash) {
    try {
      env.storage.setItem(KEY, fromHash)
    } catch {
      // Storage can be disabled; the token still works until the next reload.
    }
    params.delete('token')
    const rest = params.toString()
    env.history.replaceState(null, '', env.location.pathname + env.location.search + (rest ? `#${rest}` : ''))
    return fromHash
  }
  try {
    return env.storage.getItem(KEY)
  } catch {
    return null
  }
}

export function apiUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`
}
