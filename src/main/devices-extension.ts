/**
 * The devices as a part of the hub: one device manager for the hall, its routes, and its
 * messages on the event stream.
 */
import type { ExtensionFactory } from './app'
import { DeviceManager } from './devices/device-manager'
import { deviceQueries, deviceRoutes } from './server/routes/devices'

export const devicesExtension: ExtensionFactory = ({ hall, logger, platform }) => {
  const manager = new DeviceManager({ hall, logger: logger.child({ part: 'devices' }), htmlPrinter: platform?.htmlTicketPrinter ?? null })
  manager.start()
  const { devices, devicePorts, deviceTest } = deviceQueries(hall, manager)
  return {
    routes: [deviceRoutes(hall, manager)],
    queries: { devices, devicePorts, deviceTest },
    stream: (send) => manager.subscribe(send),
    close: () => manager.stop(),
  }
}
