// The results as a markdown table (stdout and bench/results/latest.md) and as JSON beside it.
import { isSkipped, type Measurement, type Outcome } from './types.js'

const MiB = 1024 * 1024

const fixed = (n: number | null, digits: number) => (n === null ? 'n/a' : n.toFixed(digits))
const mem = (n: number | null) => (n === null ? 'n/a' : (n / MiB).toFixed(0))

function row(m: Measurement, syncthing: Measurement | undefined): string[] {
  const ratio = syncthing ? (m.seconds / syncthing.seconds).toFixed(2) : 'n/a'
  return [
    m.dataset,
    m.tool,
    m.seconds.toFixed(2),
    (m.bytes / 1e6 / m.seconds).toFixed(1),
    (m.files / m.seconds).toFixed(0),
    `${mem(m.peakA)} / ${mem(m.peakB)}`,
    `${fixed(m.cpuA, 1)} / ${fixed(m.cpuB, 1)}`,
    ratio,
  ]
}

export function markdown(outcomes: Outcome[], header: string[]): string {
  const lines = [...header, '']
  lines.push(
    '| dataset | tool | time (s) | MB/s | files/s | peak mem A / B (MiB) | CPU A / B (s) | time ÷ Syncthing |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  )
  const datasets = [...new Set(outcomes.map((o) => o.dataset))]
  for (const dataset of datasets) {
    const here = outcomes.filter((o) => o.dataset === dataset)
    const syncthing = here.find((o): o is Measurement => !isSkipped(o) && o.tool === 'syncthing')
    for (const o of here) {
      if (isSkipped(o))
        lines.push(
          `| ${dataset} | ${o.tool} | failed or skipped: ${o.reason.replace(/\|/g, '/')} | | | | | n/a |`,
        )
      else lines.push(`| ${row(o, syncthing).join(' | ')} |`)
    }
  }
  lines.push('', 'Where the time went (s):', '')
  for (const o of outcomes) {
    if (isSkipped(o)) continue
    const phases = Object.entries(o.phases)
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`)
      .join(', ')
    lines.push(`- ${o.tool}, ${o.dataset}: ${phases}`)
  }
  const notes = [...new Set(outcomes.flatMap((o) => (isSkipped(o) ? [] : o.notes)))]
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`))
  return lines.join('\n') + '\n'
}
