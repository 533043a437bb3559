// Parsing "host:port[,host:port]" bootstrap lists, shared by the CLI and the settings.
import { AppError } from '../../../shared/errors.js'

export interface HostPort {
  host: string
  port: number
}

export function parseHostPort(text: string): HostPort {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim())
  const port = match ? Number(match[2]) : NaN
  if (!match?.[1] || !(port > 0 && port < 65536)) {
    throw new AppError('BAD_REQUEST', `"${text}" is not HOST:PORT`)
  }
  return { host: match[1], port }
}

export function parseBootstrapList(text: string): HostPort[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseHostPort)
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
