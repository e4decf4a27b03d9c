/**
 * The only bridge between a page and main: a few functions on `window.hallq`, each bound to
 * allow-listed channels. The page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC, IPC_ALLOW_LIST, type HallqBridge, type IpcStreamMessage } from '../shared/ipc'

function channel(name: string): string {
  if (!IPC_ALLOW_LIST.includes(name)) throw new Error(`channel not allowed: ${name}`)
  return name
}

export const bridge: HallqBridge = {
  command: (request) => ipcRenderer.invoke(channel(IPC.command), request),
  query: (name, args) => ipcRenderer.invoke(channel(IPC.query), { name, args }),
  onStream(listener) {
    const handler = (_event: IpcRendererEvent, message: IpcStreamMessage) => listener(message)
    ipcRenderer.on(channel(IPC.stream), handler)
    // Main then sends this window the other parts' current state (device health) and their changes.
    ipcRenderer.send(channel(IPC.streamOpen))
    return () => {
      ipcRenderer.removeListener(IPC.stream, handler)
    }
  },
  reportError: (error) => ipcRenderer.send(channel(IPC.rendererError), error),
  printToPdf: (request) => ipcRenderer.invoke(channel(IPC.printToPdf), request),
  saveExport: (request) => ipcRenderer.invoke(channel(IPC.saveExport), request),
}

contextBridge.exposeInMainWorld('hallq', bridge)
