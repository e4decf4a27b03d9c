/**
 * The first-start chooser's bridge (only that window gets it): two functions on
 * `window.hallqSetup`, each on its own allow-listed channel. The hall's pages never have it.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { SETUP_IPC, type HallqSetupBridge } from '../shared/first-start'

export const setupBridge: HallqSetupBridge = {
  probe: (address) => ipcRenderer.invoke(SETUP_IPC.probe, address),
  choose: (choice) => ipcRenderer.invoke(SETUP_IPC.choose, choice),
}

contextBridge.exposeInMainWorld('hallqSetup', setupBridge)
