// Electron entry (bundled to dist/electron/main.cjs): wires the window, tray, notifications and
// lifecycle around the engine.
//
// Where the engine runs: in a utilityProcess (engine-process.ts), not in this process. Transfers are
// CPU-bound on one JS thread (Noise encryption, BLAKE2b hashing, RocksDB writes: ~50-64 MB/s measured
// here), and in the main process that work would stall window moves, menus, the tray and every IPC
// reply. A utilityProcess is a plain Node process Electron manages for us: native modules load as they
// do in headless mode, a crash there does not take the window down (we restart it), and the engine
// code is the same one `peerdesk serve` runs. The cost is one postMessage hop per frame, small next to
// the engine's own work.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  shell,
  Tray,
  utilityProcess,
} from 'electron'
import { ENGINE_NODE_FLAGS } from '../engine/heap-settings.js'
import { RpcClient } from '../../shared/rpc-client.js'
import { codeFromInput, LINK_PREFIX } from '../../shared/links.js'
import { APP_HOST, APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, resolveAppFile } from './app-protocol.js'
import {
  claimSingleInstance,
  dataDirFrom,
  HIDDEN_ARG,
  hideOnClose,
  linkFromArgv,
  QuitController,
  registerProtocol,
  setStartAtLogin,
  watchPower,
} from './app-lifecycle.js'
import { EngineLink, relaySession, type EngineProcess } from './engine-link.js'
import { hardenWindow, sameOriginAs } from './harden-window.js'
import { IpcHost } from './ipc-host.js'
import { LoginItemSync } from './login-item.js'
import { Notifier } from './notifications.js'
import { ShellStatus } from './shell-status.js'
import { TRAY_STATES, TrayService, type TrayState } from './tray-service.js'
import { showWhenReady, windowOptions } from './window-options.js'

const log = (msg: string) => console.error(`[main] ${msg}`)
const MAX_RESTARTS = 3

// Electron would name userData after package.json's "name" (peerdesk) in development; the product name
// makes it the same folder headless mode uses (~/.config/Peerdesk, %APPDATA%\Peerdesk, ...).
app.setName('Peerdesk')
const dataDir = dataDirFrom(process.argv, process.env, app.getPath('userData'))
// The single-instance lock lives in userData: one running app per data folder.
app.setPath('userData', dataDir)

// Must happen before `ready`: the renderer's scheme gets a real, secure origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

const appRoot = app.getAppPath()
const distDir = path.join(appRoot, 'dist')
let win: BrowserWindow | null = null
let pendingLink = linkFromArgv(process.argv)

function focusWindow(): void {
  if (!win) return
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

/** The renderer reads `#/join/<code>` on load: the preload exposes frames only, by design. */
function urlFor(link: string | null): string {
  if (!link?.toLowerCase().startsWith(LINK_PREFIX)) return APP_URL
  return `${APP_URL}#/join/${encodeURIComponent(codeFromInput(link))}`
}

function openLink(link: string): void {
  // Only invite links mean anything yet; anything else just brings the window forward.
  if (!link.toLowerCase().startsWith(LINK_PREFIX)) return
  if (!win) {
    pendingLink = link
    return
  }
  void win.loadURL(urlFor(link)).catch((err: unknown) => log(`could not open ${link}: ${String(err)}`))
}

if (!claimSingleInstance(app, { focus: focusWindow, openLink })) {
  // Another Peerdesk runs on this data folder; it got our argv (and any link) through second-instance.
  app.exit(0)
} else {
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log(`failed to start: ${err instanceof Error ? err.stack : String(err)}`)
      app.exit(1)
    })
}

const ENGINE_THREADPOOL = '16'

function spawnEngine(): EngineProcess {
  return utilityProcess.fork(path.join(distDir, 'electron', 'engine-process.cjs'), [], {
    serviceName: 'Peerdesk engine',
    // V8 flags read only as a process starts (see heap-settings.ts).
    execArgv: ENGINE_NODE_FLAGS,
    // More libuv threads: a folder of small files is many concurrent opens, fsyncs and renames.
    // Two malloc arenas, as bin/peerdesk.js's shebang sets for `serve`: less memory kept after big work.
    env: {
      UV_THREADPOOL_SIZE: ENGINE_THREADPOOL,
      MALLOC_ARENA_MAX: '2',
      ...process.env,
      PEERDESK_DATA: dataDir,
    },
    stdio: 'inherit',
  })
}

function serveRenderer(): void {
  const root = path.join(distDir, 'renderer')
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(root, request.url)
    if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })
}

function iconPath(state: TrayState): string {
  return path.join(distDir, 'electron', 'icons', `tray-${state}.png`)
}

async function start(): Promise<void> {
  serveRenderer()
  registerProtocol(app, process)

  const link = new EngineLink(spawnEngine)
  const ipcHost = new IpcHost({ ipc: ipcMain, createSession: (send) => relaySession(link, send), log })
  const status = new RpcClient(link.openClient(), { events: true })

  const quitter = new QuitController({
    closeEngine: async () => {
      status.close()
      ipcHost.close()
      await link.close()
    },
    onTimeout: () => link.kill(),
    exit: (code) => {
      tray.destroy()
      app.exit(code)
    },
    log,
  })
  quitter.install(app)

  const tray = new TrayService<Menu>({
    factory: {
      createTray: (icon) => new Tray(nativeImage.createFromPath(icon)),
      buildMenu: (template) => Menu.buildFromTemplate(template),
    },
    icons: Object.fromEntries(TRAY_STATES.map((s) => [s, iconPath(s)])) as Record<TrayState, string>,
    actions: {
      open: focusWindow,
      setPaused: (paused) => {
        if (paused) link.suspend()
        else link.resume()
        tray.update({ paused })
      },
      quit: () => void quitter.quit(),
    },
  })
  tray.show()

  const shellStatus = new ShellStatus(status, (change) => tray.update(change), log)
  const notifier = new Notifier({
    show: ({ title, body }) => {
      if (Notification.isSupported()) new Notification({ title, body, icon: iconPath('idle') }).show()
    },
    windowFocused: () => win?.isFocused() ?? false,
    groupName: (id) => shellStatus.groupName(id),
  })
  status.on('*', (event) => notifier.handle(event))
  // In development the login item would start a bare Electron: only the packaged app registers one.
  const loginItem = new LoginItemSync(
    status,
    (enabled) => {
      if (app.isPackaged) setStartAtLogin(app, process.platform, enabled)
    },
    log,
  )

  // Waking up resumes sync only if the user had not paused it.
  watchPower(powerMonitor, {
    onSuspend: () => link.suspend(),
    onResume: () => {
      if (!tray.status.paused) link.resume()
    },
  })
  app.on('activate', focusWindow)

  let restarts = 0
  const boot = async () => {
    try {
      await link.start()
      tray.update({ offline: false })
      await loginItem.refresh()
      await shellStatus.refresh()
    } catch (err) {
      log(String(err))
      tray.update({ offline: true, attention: 'The Peerdesk engine could not start' })
    }
  }
  link.onExit((code) => {
    tray.update({ offline: true })
    if (quitter.quitting || ++restarts > MAX_RESTARTS) return
    log(`engine process exited (${code}); restarting`)
    // A new engine has a new event stream: reload the page so its client starts over.
    void boot().then(() => win?.reload())
  })
  // The window opens at once: its frames wait in the engine process until the engine is ready.
  createWindow(ipcHost, quitter)
  await boot()
}

function createWindow(ipcHost: IpcHost, quitter: QuitController): void {
  win = new BrowserWindow(windowOptions({ preload: path.join(distDir, 'electron', 'preload.cjs') }))
  const contents = win.webContents
  hardenWindow(contents, {
    isAppUrl: sameOriginAs(`${APP_SCHEME}://${APP_HOST}/`),
    openExternal: (url) => shell.openExternal(url),
    log,
  })
  ipcHost.attach(contents)
  if (!process.argv.includes(HIDDEN_ARG)) showWhenReady(win)
  const toldFile = path.join(dataDir, 'shell-tray-notice')
  hideOnClose(win, {
    isQuitting: () => quitter.quitting,
    told: fs.existsSync(toldFile),
    tellOnce: () => {
      if (Notification.isSupported()) {
        new Notification({
          title: 'Peerdesk is still running',
          body: 'It keeps your folders in sync. Quit it from the tray icon.',
        }).show()
      }
      fs.writeFile(toldFile, '', (err) => {
        if (err) log(`could not remember the tray notice: ${err.message}`)
      })
    },
  })
  win.on('closed', () => (win = null))
  void win.loadURL(urlFor(pendingLink)).catch((err: unknown) => log(`could not load the UI: ${String(err)}`))
  pendingLink = null
}
