// Runs inside a node's network namespace, started by connect.ts: the node's local API listens on that
// namespace's 127.0.0.1, out of the bench's reach. Subscribes to the node's events from the first
// (the engine keeps a ring of them, so none since its start is missed however late this connects) and
// prints each member.online and member.offline as one JSON line, with the engine's own time stamp.
// Usage: node --import tsx bench/api-watch.ts DATA_DIR
import { readApiFile } from '../electron/server/api-file.js'
import { connect } from '../electron/server/ws-client.js'

export interface MemberEventLine {
  name: 'member.online' | 'member.offline'
  /** Date.now() in the engine when it emitted the event. */
  at: number
  key: string
  groupId: string
}

const dataDir = process.argv[2]
if (!dataDir) {
  process.stderr.write('usage: api-watch.ts DATA_DIR\n')
  process.exit(2)
}
const api = await readApiFile(dataDir)
if (!api) {
  process.stderr.write(`no api.json in ${dataDir}: is the node running?\n`)
  process.exit(1)
}
const { client } = await connect(api.url, api.token, { events: true })
for (const name of ['member.online', 'member.offline'] as const) {
  client.on(name, (event) => {
    const line: MemberEventLine = {
      name,
      at: event.at,
      key: event.payload.key,
      groupId: event.payload.groupId,
    }
    process.stdout.write(JSON.stringify(line) + '\n')
  })
}
// Runs until the bench stops it (SIGTERM ends the process, and with it the connection).
