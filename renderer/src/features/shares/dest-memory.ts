// The last destination folder a person chose, so the next download suggests it. localStorage can be
// missing or full (private windows, tests): then there is simply no suggestion.
const KEY = 'peerdesk.lastDestination'

export function lastDestination(): string {
  try {
    return localStorage.getItem(KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberDestination(path: string): void {
  try {
    localStorage.setItem(KEY, path)
  } catch {
    // Not remembering is fine.
  }
}

/** An absolute path on this device, as the engine requires (POSIX, drive letter, or UNC). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
}
