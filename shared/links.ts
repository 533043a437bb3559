// peerdesk:// invite links: the code travels inside a link the OS hands to the app.

export const LINK_PREFIX = 'peerdesk://join/'

export function inviteLink(code: string): string {
  return LINK_PREFIX + code
}

/** Accepts a bare code or a peerdesk://join/ link (with stray spaces from copy and paste). */
export function codeFromInput(input: string): string {
  const trimmed = input.trim().replace(/\s+/g, '')
  const lower = trimmed.toLowerCase()
  if (lower.startsWith(LINK_PREFIX)) return trimmed.slice(LINK_PREFIX.length).replace(/\/+$/, '')
  return trimmed
}
