// <dataDir>/api.json: how clients (the CLI, a browser) find and authenticate to a running node.
import fs from 'node:fs/promises'
import path from 'node:path'
import { readJson, writeJson } from '../engine/json-file.js'

export interface ApiFile {
  version: 1
  /** The WebSocket endpoint of the contract. */
  url: string
  /** The UI's address with the token, ready to open in a browser. */
  ui: string
  token: string
  pid: number
}

export function apiFilePath(dataDir: string): string {
  return path.join(dataDir, 'api.json')
}

export async function writeApiFile(dataDir: string, api: ApiFile): Promise<void> {
  await writeJson(apiFilePath(dataDir), api, 0o600)
}

export async function readApiFile(dataDir: string): Promise<ApiFile | null> {
  return readJson<ApiFile>(apiFilePath(dataDir))
}

/** Remove api.json only if it is still ours (another node may have started since). */
export async function removeApiFile(dataDir: string, token: string): Promise<void> {
  const current = await readApiFile(dataDir).catch(() => null)
  if (current?.token === token) await fs.rm(apiFilePath(dataDir), { force: true })
}
