// What this device's network looks like: its IPv4 LAN addresses, which addresses count as local, and
// whether a host is routable at all (asked of the kernel, without sending a packet).
import dgram from 'node:dgram'
import os from 'node:os'

export interface LocalAddress {
  address: string
  netmask: string
  name: string
}

/** Non-internal IPv4 addresses of this device, private ones first. */
export function localAddresses(): LocalAddress[] {
  const found: LocalAddress[] = []
  for (const [name, list] of Object.entries(os.networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal)
        found.push({ address: info.address, netmask: info.netmask, name })
    }
  }
  return found.sort((a, b) => Number(isPrivate(b.address)) - Number(isPrivate(a.address)))
}

/** Changes whenever an address comes, goes or moves: what the interface watcher compares. */
export function interfaceSignature(): string {
  return localAddresses()
    .map((a) => `${a.name}=${a.address}/${a.netmask}`)
    .sort()
    .join(',')
}

function toInt(ip: string): number | null {
  const parts = ip.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0
}

export function sameSubnet(a: string, b: string, netmask: string): boolean {
  const [x, y, m] = [toInt(a), toInt(b), toInt(netmask)]
  return x !== null && y !== null && m !== null && (x & m) >>> 0 === (y & m) >>> 0
}

/** RFC 1918, link-local and loopback (and IPv6 ULA/link-local): never seen across the internet. */
export function isPrivate(host: string): boolean {
  const n = toInt(host.replace(/^::ffff:/, ''))
  if (n === null) return /^(fc|fd|fe80|::1$)/i.test(host)
  const a = n >>> 24
  const b = (n >>> 16) & 0xff
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  )
}

/** The address of ours that shares a subnet with `peer`, else our first private address. */
export function lanAddressFor(peer: string | null): string | null {
  const mine = localAddresses()
  const match = peer ? mine.find((a) => sameSubnet(a.address, peer, a.netmask)) : undefined
  return (match ?? mine[0])?.address ?? null
}

/** True when the kernel has a route to `host`: a UDP connect() only looks the route up, it sends nothing. */
export function hasRoute(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4')
    const done = (ok: boolean) => {
      socket.close()
      resolve(ok)
    }
    socket.once('error', () => done(false))
    try {
      socket.connect(9, host, (err?: Error | null) => done(!err))
    } catch {
      done(false)
    }
  })
}

/** A UDP port nobody on this device holds now: the preferred one if free, else one the kernel picks. */
export async function freeUdpPort(preferred: number): Promise<number> {
  const tryBind = (port: number) =>
    new Promise<number | null>((resolve) => {
      const socket = dgram.createSocket('udp4')
      socket.once('error', () => {
        socket.close()
        resolve(null)
      })
      socket.bind(port, () => {
        const bound = socket.address().port
        socket.close(() => resolve(bound))
      })
    })
  return (await tryBind(preferred)) ?? (await tryBind(0)) ?? preferred
}
