// Throwaway networks of Linux network namespaces for LAN tests: a bridge in its own namespace (never
// tied to the machine's own interfaces), one veth per host, private /24s, no route out. Needs root and
// `ip`; `skipReason()` says why a test cannot run here.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { removeNamespace } from '../../bench/netns.js'
import { BIN, type Background, type CliResult } from './cli.js'

/** Why namespace tests cannot run on this machine, or null when they can. */
export function skipReason(): string | null {
  if (process.platform !== 'linux') return 'LAN tests need Linux network namespaces'
  if (process.getuid?.() !== 0) return 'LAN tests need root (they create network namespaces)'
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' })
  } catch {
    return 'LAN tests need the `ip` command (iproute2)'
  }
  return null
}

/**
 * Why NAT tests cannot run here (besides `skipReason()`): they need `iptables` and a kernel that gives a
 * namespace NAT tables. Tried in a throwaway namespace.
 */
export function natSkipReason(): string | null {
  const base = skipReason()
  if (base) return base
  try {
    execFileSync('iptables', ['-V'], { stdio: 'ignore' })
  } catch {
    return 'NAT tests need the `iptables` command'
  }
  const ns = `pdnat${randomBytes(3).toString('hex')}`
  try {
    execFileSync('ip', ['netns', 'add', ns], { stdio: 'ignore' })
    execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-L'], { stdio: 'ignore' })
    return null
  } catch {
    return 'NAT tests need iptables NAT tables in a network namespace, which this kernel refuses'
  } finally {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' })
    } catch {
      // never made
    }
  }
}

export interface Host {
  name: string
  ns: string
  ip: string
  /** The host's end of its veth, inside its namespace. */
  iface: string
  /** The bridge's end of the host's veth, inside the bridge's namespace. */
  port: string
  bridge: Bridge
}

export interface Bridge {
  name: string
  ns: string
  /** The first three octets of its /24, e.g. "10.77.1". */
  subnet: string
}

const IFACE = 'lan0'

function run(cmd: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

export class Lab {
  /** Unique per run, so parallel files and leftovers of a crashed run never collide. */
  readonly prefix = `pd${randomBytes(3).toString('hex')}`
  readonly #namespaces: string[] = []

  /** Run a command; throws with its output when it fails. */
  async sh(cmd: string, ...args: string[]): Promise<string> {
    const result = await run(cmd, args)
    if (result.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr.trim()}`)
    return result.stdout
  }

  /** Run a command inside a namespace. */
  exec(ns: string, cmd: string, ...args: string[]): Promise<string> {
    return this.sh('ip', 'netns', 'exec', ns, cmd, ...args)
  }

  async namespace(name: string): Promise<string> {
    const ns = `${this.prefix}-${name}`
    await this.sh('ip', 'netns', 'add', ns)
    this.#namespaces.push(ns)
    await this.exec(ns, 'ip', 'link', 'set', 'lo', 'up')
    return ns
  }

  /** A switch: a Linux bridge alone in its namespace. */
  async bridge(name: string, subnet: string): Promise<Bridge> {
    const ns = await this.namespace(name)
    await this.exec(ns, 'ip', 'link', 'add', 'br0', 'type', 'bridge')
    await this.exec(ns, 'ip', 'link', 'set', 'br0', 'up')
    return { name, ns, subnet }
  }

  /** Plug a namespace into a bridge with an address of its /24; returns the host's interface. */
  async plug(
    ns: string,
    bridge: Bridge,
    octet: number,
    iface = IFACE,
  ): Promise<{ ip: string; port: string }> {
    const port = `v${octet}-${iface}`.slice(0, 15)
    const ip = `${bridge.subnet}.${octet}`
    await this.sh(
      'ip',
      'link',
      'add',
      iface,
      'netns',
      ns,
      'type',
      'veth',
      'peer',
      'name',
      port,
      'netns',
      bridge.ns,
    )
    await this.exec(bridge.ns, 'ip', 'link', 'set', port, 'master', 'br0')
    await this.exec(bridge.ns, 'ip', 'link', 'set', port, 'up')
    await this.exec(ns, 'ip', 'addr', 'add', `${ip}/24`, 'dev', iface)
    await this.exec(ns, 'ip', 'link', 'set', iface, 'up')
    return { ip, port }
  }

  /** A device on a LAN: its own namespace, one veth, a multicast route for mDNS, no route out. */
  async host(name: string, bridge: Bridge, octet: number): Promise<Host> {
    const ns = await this.namespace(name)
    const { ip, port } = await this.plug(ns, bridge, octet)
    await this.exec(ns, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', IFACE)
    return { name, ns, ip, iface: IFACE, port, bridge }
  }

  /** A router between LANs, at `.1` on each; hosts need a route through it (see `route`). */
  async router(name: string, bridges: Bridge[]): Promise<string> {
    const ns = await this.namespace(name)
    for (const [i, bridge] of bridges.entries()) await this.plug(ns, bridge, 1, `lan${i}`)
    await this.exec(ns, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1')
    return ns
  }

  /**
   * A home router doing hostile NAT: `lan` behind it at `.1`, its outside at `wan`'s `.octet`. It
   * masquerades with a random source port per destination (`--random-fully`: a symmetric NAT, which
   * holepunching cannot get through) and drops whatever comes in from outside unasked. No default route,
   * so nothing leaves the lab. Hosts on `lan` need `defaultRoute`.
   */
  async natRouter(name: string, lan: Bridge, wan: Bridge, octet: number): Promise<string> {
    const ns = await this.namespace(name)
    await this.plug(ns, lan, 1, 'lan0')
    await this.plug(ns, wan, octet, 'wan0')
    await this.exec(ns, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1')
    const ipt = (...args: string[]) => this.exec(ns, 'iptables', ...args)
    await ipt('-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan0', '-j', 'MASQUERADE', '--random-fully')
    // From outside, only replies to what went out get through, to the router and past it.
    for (const chain of ['FORWARD', 'INPUT']) {
      await ipt(
        '-A',
        chain,
        '-i',
        'wan0',
        '-m',
        'conntrack',
        '--ctstate',
        'ESTABLISHED,RELATED',
        '-j',
        'ACCEPT',
      )
      await ipt('-A', chain, '-i', 'wan0', '-j', 'DROP')
    }
    return ns
  }

  /** Everything off the host's subnet goes through its router at `.1`. */
  async defaultRoute(host: Host): Promise<void> {
    await this.exec(host.ns, 'ip', 'route', 'add', 'default', 'via', `${host.bridge.subnet}.1`)
  }

  async route(host: Host, to: Bridge): Promise<void> {
    await this.exec(host.ns, 'ip', 'route', 'add', `${to.subnet}.0/24`, 'via', `${host.bridge.subnet}.1`)
  }

  /** Multicast filtered for one host, both ways: the switch stops flooding to it and it has no route. */
  async dropMulticast(host: Host): Promise<void> {
    await this.exec(host.bridge.ns, 'bridge', 'link', 'set', 'dev', host.port, 'mcast_flood', 'off')
    await this.exec(host.ns, 'ip', 'route', 'del', '224.0.0.0/4', 'dev', host.iface)
  }

  /** Shape a host's link both ways with a qdisc (`netem …`, `tbf …`). */
  async shape(host: Host, ...qdisc: string[]): Promise<void> {
    await this.exec(host.ns, 'tc', 'qdisc', 'add', 'dev', host.iface, 'root', ...qdisc)
    await this.exec(host.bridge.ns, 'tc', 'qdisc', 'add', 'dev', host.port, 'root', ...qdisc)
  }

  /** Whether this kernel has a qdisc (netem is often a module that is not there). */
  async hasQdisc(...qdisc: string[]): Promise<boolean> {
    const ns = await this.namespace(`q${randomBytes(2).toString('hex')}`)
    try {
      await this.exec(ns, 'ip', 'link', 'add', 'qa', 'type', 'veth', 'peer', 'name', 'qb')
      const result = await run('ip', [
        'netns',
        'exec',
        ns,
        'tc',
        'qdisc',
        'add',
        'dev',
        'qa',
        'root',
        ...qdisc,
      ])
      return result.code === 0
    } finally {
      await this.#remove(ns)
    }
  }

  /** A `peerdesk` command in a host's namespace (its api.json points at 127.0.0.1 there). */
  cli(host: Host, args: string[]): Promise<CliResult> {
    return run('ip', ['netns', 'exec', host.ns, process.execPath, BIN, ...args])
  }

  async cliJson<T>(host: Host, args: string[]): Promise<T> {
    const result = await this.cli(host, [...args, '--json'])
    if (result.code !== 0)
      throw new Error(`peerdesk ${args.join(' ')} on ${host.name} failed: ${result.stderr}`)
    return JSON.parse(result.stdout) as T
  }

  /** A long-running `peerdesk` (serve, bootstrap) in a namespace. */
  start(ns: string, args: string[]): Background {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    return {
      child,
      output: () => output,
      stop: () =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
          child.once('exit', (code) => resolve(code))
          child.kill('SIGTERM')
        }),
    }
  }

  async #remove(ns: string): Promise<void> {
    // Processes still inside keep a namespace's interfaces alive: ended first (only ours live here).
    await removeNamespace(ns)
    const i = this.#namespaces.indexOf(ns)
    if (i >= 0) this.#namespaces.splice(i, 1)
  }

  /** Delete every namespace this lab made (their veths and bridges go with them). Never throws. */
  async teardown(): Promise<void> {
    for (const ns of [...this.#namespaces].reverse()) await this.#remove(ns).catch(() => undefined)
  }
}
