// Invite links opened from outside: the desktop shell turns a clicked peerdesk://join/<code> into
// `#/join/<code>` (on load, or by navigating a running window). The code is taken out of the address
// at once, so a reload does not ask again, and kept as state until the join form is closed.
import { useCallback, useEffect, useState } from 'react'
import { codeFromInput } from '../../../shared/links.js'

const PREFIX = '#/join/'

export function codeFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null
  let raw: string
  try {
    raw = decodeURIComponent(hash.slice(PREFIX.length))
  } catch {
    raw = hash.slice(PREFIX.length)
  }
  return codeFromInput(raw) || null
}

export interface JoinLink {
  /** Bumps for every link, so the same code opened twice opens the form twice. */
  id: number
  code: string
}

export function useJoinLink(): { link: JoinLink | null; dismiss: () => void } {
  const [link, setLink] = useState<JoinLink | null>(null)
  useEffect(() => {
    const read = () => {
      const code = codeFromHash(window.location.hash)
      if (!code) return
      window.history.replaceState(null, '', window.location.pathname + window.location.search)
      setLink((prev) => ({ id: (prev?.id ?? 0) + 1, code }))
    }
    read()
    window.addEventListener('hashchange', read)
    return () => window.removeEventListener('hashchange', read)
  }, [])
  const dismiss = useCallback(() => setLink((prev) => prev && { ...prev, code: '' }), [])
  return { link: link?.code ? link : null, dismiss }
}
