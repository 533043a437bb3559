// A throwaway LAN of Linux network namespaces for the multi-source and connect scenarios: a bridge alone in its own
// namespace, one veth per host, a private /24, no route out (so nothing can leave the machine), and
// `tc` to shape a host's upload. The pieces of test/helpers/netns.ts the bench needs, tied to the
// bench's clean-up (proc.ts) so the namespaces go however a run ends.
import { randomBytes } from 'node:crypto'
import { mustRun, onCleanup, run } from './proc.js'

export interface Host {
  name: string
  ns: string
  ip: string
  /** The host's end of its veth, inside its namespace: shaping it shapes what the host sends. */
  iface: string
}

const IFACE = 'lan0'

/** Why the namespaces (and tc shaping, unless `shaping` is false) cannot be used here, or null. */
export async function netnsUnavailable(shaping = true): Promise<string | null> {
  if (process.platform !== 'linux') return 'needs Linux network namespaces'
  if (process.getuid?.() !== 0)
    return `needs root for network namespaces (ip netns)${shaping ? ' and tc' : ''}`
  if ((await run('ip', ['-V'])).code !== 0) return 'the `ip` command (iproute2) is missing'
  if (!shaping) return null
  if ((await run('tc', ['-V'])).code !== 0) return 'the `tc` command (iproute2) is missing'
  // tbf is usually built in, but a kernel may lack it: try it on a veth in a namespace of its own.
  const ns = `pdq${randomBytes(3).toString('hex')}`
  try {
    await mustRun('ip', ['netns', 'add', ns])
    await mustRun('ip', [
      'netns',
      'exec',
      ns,
      'ip',
      'link',
      'add',
      'qa',
      'type',
      'veth',
      'peer',
      'name',
      'qb',
    ])
    const r = await run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'qa', 'root', ...tbf(80)])
    return r.code === 0 ? null : `this kernel refuses the tbf qdisc: ${r.stderr.trim()}`
  } catch (err) {
    return `cannot make a network namespace: ${err instanceof Error ? err.message : String(err)}`
  } finally {
    await run('ip', ['netns', 'del', ns])
  }
}

/**
 * A token bucket of `mbit` Mbit/s. The bucket holds 128 KiB: at least two 64 KiB GSO packets, which
 * veth hands over whole (a smaller bucket makes tbf split them, costing CPU), and under 15 ms of
 * the rate at 80 Mbit/s. Up to 50 ms of packets wait in the queue before tbf drops.
 */
function tbf(mbit: number): string[] {
  return ['tbf', 'rate', `${mbit}mbit`, 'burst', '128kb', 'latency', '50ms']
}

export class Lan {
  /** Unique per run, so leftovers of a crashed run, or a LAN test running meanwhile, never collide. */
  readonly prefix = `pdms${randomBytes(3).toString('hex')}`
  readonly subnet: string
  readonly #namespaces: string[] = []
  #bridge = ''
  readonly #removeAll: () => Promise<void>

  constructor(subnet: string) {
    this.subnet = subnet
    this.#removeAll = onCleanup(() => this.#teardown())
  }

  exec(ns: string, cmd: string, ...args: string[]): Promise<string> {
    return mustRun('ip', ['netns', 'exec', ns, cmd, ...args])
  }

  async #namespace(name: string): Promise<string> {
    const ns = `${this.prefix}-${name}`
    await mustRun('ip', ['netns', 'add', ns])
    this.#namespaces.push(ns)
    await this.exec(ns, 'ip', 'link', 'set', 'lo', 'up')
    return ns
  }

  /** The switch: a Linux bridge alone in its namespace. Call once, before `host`. */
  async bridge(): Promise<void> {
    this.#bridge = await this.#namespace('br')
    await this.exec(this.#bridge, 'ip', 'link', 'add', 'br0', 'type', 'bridge')
    await this.exec(this.#bridge, 'ip', 'link', 'set', 'br0', 'up')
  }

  /** A device on the LAN at `.octet`: its own namespace, one veth, a multicast route for mDNS. */
  async host(name: string, octet: number): Promise<Host> {
    if (!this.#bridge) throw new Error('Lan.bridge() first')
    const ns = await this.#namespace(name)
    const port = `v${octet}-${IFACE}`
    const ip = `${this.subnet}.${octet}`
    await mustRun('ip', [
      'link',
      'add',
      IFACE,
      'netns',
      ns,
      'type',
      'veth',
      'peer',
      'name',
      port,
      'netns',
      this.#bridge,
    ])
    await this.exec(this.#bridge, 'ip', 'link', 'set', port, 'master', 'br0')
    await this.exec(this.#bridge, 'ip', 'link', 'set', port, 'up')
    await this.exec(ns, 'ip', 'addr', 'add', `${ip}/24`, 'dev', IFACE)
    await this.exec(ns, 'ip', 'link', 'set', IFACE, 'up')
    await this.exec(ns, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', IFACE)
    return { name, ns, ip, iface: IFACE }
  }

  /** Limit what `host` sends (its own interface's egress) to `mbit` Mbit/s; what it receives is not. */
  async limitUpload(host: Host, mbit: number): Promise<void> {
    await this.exec(host.ns, 'tc', 'qdisc', 'replace', 'dev', host.iface, 'root', ...tbf(mbit))
  }

  /** The qdisc line of `host`'s interface, as `tc` shows it (to record what was really set). */
  async qdisc(host: Host): Promise<string> {
    return (await this.exec(host.ns, 'tc', 'qdisc', 'show', 'dev', host.iface)).trim().split('\n')[0] ?? ''
  }

  /** Bytes `host` has sent on its interface so far (the kernel's counter, IP headers included). */
  async sentBytes(host: Host): Promise<number> {
    const text = await this.exec(host.ns, 'cat', `/sys/class/net/${host.iface}/statistics/tx_bytes`)
    return Number(text.trim())
  }

  /** Delete every namespace (veths and the bridge go with them), ending what still runs inside. */
  teardown(): Promise<void> {
    return this.#removeAll()
  }

  async #teardown(): Promise<void> {
    for (const ns of [...this.#namespaces].reverse()) await removeNamespace(ns)
    this.#namespaces.length = 0
  }
}

/**
 * Delete namespace `ns`, first ending what still runs in it: only processes of the bench's own
 * namespaces (nodes or syncthings that outlived their stop), which keep its interfaces alive.
 */
export async function removeNamespace(ns: string): Promise<void> {
  const pids = (await run('ip', ['netns', 'pids', ns])).stdout.split(/\s+/).filter(Boolean)
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  await run('ip', ['netns', 'del', ns])
}
