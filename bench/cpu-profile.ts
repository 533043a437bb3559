// Reads the V8 CPU profiles of the two serve processes (node --cpu-prof) and says where the time went:
// top functions by self time, and the same grouped by package, for the sender and the receiver.
import fs from 'node:fs/promises'
import path from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** node_modules/<pkg>/… -> pkg; our own code -> 'peerdesk'; V8's pseudo-frames by name. */
function owner(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)'
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]!
  if (url.startsWith('node:')) return 'node core'
  return 'peerdesk'
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map(([k, v]) => `| ${k} | ${(v / 1000).toFixed(0)} | ${((v / total) * 100).toFixed(1)}% |`)
}

export async function summarizeProfile(file: string): Promise<string> {
  const p = JSON.parse(await fs.readFile(file, 'utf8')) as Profile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const fns = new Map<string, number>()
  const pkgs = new Map<string, number>()
  let total = 0
  let idle = 0
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0
    const node = byId.get(id)
    if (!node) return
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    if (functionName === '(idle)') {
      idle += dt
      return
    }
    total += dt
    // Line and column: the CLI bundle has no line breaks to speak of (esbuild's minifyWhitespace).
    const where = url
      ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${lineNumber + 1}:${columnNumber + 1}`
      : ''
    const key = `${functionName || '(anonymous)'} ${where}`.trim()
    fns.set(key, (fns.get(key) ?? 0) + dt)
    const pkg = owner(url, functionName || '(anonymous)')
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + dt)
  })
  return [
    `Busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s (whole process life, set-up included).`,
    '',
    '| package | self ms | share of busy |',
    '|---|--:|--:|',
    ...top(pkgs, total, 10),
    '',
    '| function | self ms | share of busy |',
    '|---|--:|--:|',
    ...top(fns, total, 15),
  ].join('\n')
}

export async function summarizeProfiles(dir: string, dataset: string): Promise<string> {
  const parts = [`# Where Peerdesk's serve processes spend CPU (${dataset}, node --cpu-prof)`, '']
  for (const [file, role] of [
    ['serve-a.cpuprofile', 'A, the sender (imports the folder, serves blocks)'],
    ['serve-b.cpuprofile', 'B, the receiver (downloads and writes the copy)'],
  ] as const) {
    const full = path.join(dir, file)
    const text = await summarizeProfile(full).catch((err: unknown) => `no profile: ${String(err)}`)
    parts.push(`## ${role}`, '', text, '')
  }
  return parts.join('\n')
}
