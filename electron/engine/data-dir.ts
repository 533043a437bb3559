// Where a device keeps its data: --data, PEERDESK_DATA, or the OS's app-data folder (Electron's userData).
import os from 'node:os'
import path from 'node:path'

export const APP_NAME = 'Peerdesk'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME)
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.PEERDESK_DATA
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultDataDir(env))
}
