// V8 heap settings for a process whose main job is the engine (`peerdesk serve`, Electron's utility
// process). V8's defaults suit a short burst: the young generation grows to 16 MiB semi-spaces and the
// old generation up to about four times what survives, and neither shrinks while the process is idle.
// Measured sharing a folder of 100,000 files: peak 376 -> 247 MiB, and 364 -> 161 MiB resident a few
// seconds after the scan (V8's memory reducer then runs), with the scan's time within the run-to-run
// noise.
//
// Two kinds of flag. ENGINE_NODE_FLAGS are read only as the process starts, so every launcher passes
// them on its command line: bin/peerdesk.js's shebang, scripts/start.js (browser mode), Electron's
// utility process (main.ts) and the bench's profiled runs. ENGINE_HEAP_FLAGS are read as V8 sizes the
// heap, so the engine sets them itself when it starts.
import v8 from 'node:v8'

/**
 * The young generation's ceiling: 1 MiB semi-spaces. Set only after start-up, the growth factor below
 * came too late: loading the engine had already grown the young generation to 16 MiB. V8 starts
 * marking the old generation whenever the old generation's headroom is less than the young
 * generation's size, and with 30% growth on a heap of about 20 MiB the headroom was 6-12 MiB: the
 * heap was being marked all the time. 5,000 small files (the bench, one node sending and one
 * receiving): 24 -> 8 full collections per node, peak 125 / 152 -> 105 / 137 MiB, CPU 3.9 / 6.7 ->
 * 2.8 / 4.7 s, and 7.1-7.3 -> 4.8-6.6 s.
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=1']

export const ENGINE_HEAP_FLAGS = [
  // The young generation stops growing: short-lived buffers of chunks and blocks are collected often
  // and cheaply. (For an engine started without ENGINE_NODE_FLAGS: it holds at what it had grown to.)
  '--semi-space-growth-factor=1',
  // The old generation grows by 30% of what survived a collection, not by up to 300%.
  '--heap-growing-percent=30',
]

let tuned = false

/**
 * Apply ENGINE_HEAP_FLAGS to this process (once; call before the engine opens). PEERDESK_V8_FLAGS, when
 * set, replaces them (empty: V8's defaults), for whoever wants to measure or tune a server.
 */
export function tuneHeapForEngine(env: NodeJS.ProcessEnv = process.env): void {
  if (tuned) return
  tuned = true
  const flags = env.PEERDESK_V8_FLAGS ?? ENGINE_HEAP_FLAGS.join(' ')
  if (flags.trim()) v8.setFlagsFromString(flags)
}
