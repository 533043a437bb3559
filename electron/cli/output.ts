// What the CLI prints: one JSON value with --json, otherwise text for people.
export interface Output {
  json: boolean
  /** The result: as JSON, or as text lines. */
  result(value: unknown, text: () => string): void
  /** Progress and notes for people: stderr, never in --json stdout. */
  note(text: string): void
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? JSON.stringify(value) + '\n' : text() + '\n')
    },
    note(text) {
      if (!json) process.stderr.write(text + '\n')
    },
  }
}

export function table(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

export function ago(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'never'
  const s = Math.max(0, Math.round((now - ms) / 1000))
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86400)} d ago`
}
