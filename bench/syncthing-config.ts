// config.xml for a benchmark Syncthing: nothing leaves the machine (no discovery, relays, NAT, STUN,
// upgrades, usage or crash reports), static 127.0.0.1 addresses, REST on 127.0.0.1 with an API key.
export interface Peer {
  name: string
  id: string
  /** tcp://127.0.0.1:PORT */
  address: string
}

export interface StConfig {
  self: Peer
  /** The device it syncs with; none for the scan scenario's lone instance. */
  other?: Peer
  guiPort: number
  apiKey: string
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

function device(p: Peer): string {
  return `  <device id="${esc(p.id)}" name="${esc(p.name)}" compression="metadata" introducer="false">
    <address>${esc(p.address)}</address>
    <paused>false</paused>
    <autoAcceptFolders>false</autoAcceptFolders>
  </device>`
}

/** No folders: the timed share step adds the folder over REST, as `peerdesk share` does. */
export function configXml(c: StConfig): string {
  return `<configuration version="36">
${device(c.self)}
${c.other ? device(c.other) : ''}
  <gui enabled="true" tls="false" debugging="false">
    <address>127.0.0.1:${c.guiPort}</address>
    <apikey>${esc(c.apiKey)}</apikey>
    <theme>default</theme>
  </gui>
  <options>
    <listenAddress>${esc(c.self.address)}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <startBrowser>false</startBrowser>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <urAccepted>-1</urAccepted>
    <urSeen>3</urSeen>
    <crashReportingEnabled>false</crashReportingEnabled>
    <announceLANAddresses>false</announceLANAddresses>
    <stunKeepaliveStartS>0</stunKeepaliveStartS>
    <stunServer></stunServer>
    <restartOnWakeup>false</restartOnWakeup>
    <reconnectionIntervalS>1</reconnectionIntervalS>
    <!-- Syncthing lowers its own CPU priority by default; the others run at normal priority. -->
    <setLowPriority>false</setLowPriority>
  </options>
</configuration>
`
}

/** The folder as POST /rest/config/folders takes it (fields left out keep Syncthing's defaults). */
export function folderJson(id: string, dir: string, type: 'sendonly' | 'receiveonly', devices: string[]) {
  return {
    id,
    label: id,
    path: dir,
    type,
    devices: devices.map((deviceID) => ({ deviceID })),
    rescanIntervalS: 3600,
    fsWatcherEnabled: false,
  }
}
