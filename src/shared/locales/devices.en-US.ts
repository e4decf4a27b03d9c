import type { DeviceProblemMessages } from './devices.zh-CN'

export const deviceProblemsEnUS: DeviceProblemMessages = {
  notConnected: 'Not connected (the port cannot be opened or the cable is out)',
  noResponse: 'The device does not answer',
  offline: 'The printer is offline',
  paperOut: 'The printer is out of paper',
  paperNearEnd: 'The paper roll is nearly empty',
  coverOpen: 'The printer cover is open',
  cutterError: 'The cutter has failed',
  printerError: 'The printer reports an error',
  timeout: 'The job took too long',
  writeFailed: 'Sending to the device failed',
  noAck: 'The device did not confirm',
  portConflict: 'Devices on the same port have different port settings',
  unsupported: 'Not available here (system printers need the desktop app)',
}
