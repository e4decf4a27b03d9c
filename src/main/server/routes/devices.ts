/**
 * The devices' routes: health of every device (manager), the serial ports of this PC, and a
 * test print or test display (admin). The desktop app's IPC asks the same queries.
 */
import type { FastifyInstance } from 'fastify'
import { API_PATHS, API_PREFIX } from '../../../shared/api'
import type { DeviceManager } from '../../devices/device-manager'
import type { Credentials, Hall } from '../../hall'
import type { HubQueries } from '../../hub-queries'
import { credentials, requireRoleOf } from '../request'

export function deviceQueries(hall: Hall, devices: DeviceManager) {
  /** The test's options (`text`, `address`) are checked by the device manager. */
  const test = async (creds: Credentials, id: string, options: unknown) => {
    requireRoleOf(hall, creds, 'admin')
    return devices.test(id, options)
  }
  const queries = {
    devices: async (_args, creds) => {
      requireRoleOf(hall, creds, 'manager')
      return { devices: devices.health() }
    },
    devicePorts: async (_args, creds) => {
      requireRoleOf(hall, creds, 'manager')
      return devices.listPorts()
    },
    deviceTest: async ({ id, ...options }, creds) => test(creds, String(id), options),
  } satisfies HubQueries
  return { ...queries, test }
}

export function deviceRoutes(hall: Hall, devices: DeviceManager) {
  const queries = deviceQueries(hall, devices)
  return async (app: FastifyInstance): Promise<void> => {
    app.get(API_PATHS.devices, async (request) => queries.devices({}, credentials(request, hall)))
    app.get(API_PATHS.devicePorts, async (request) => queries.devicePorts({}, credentials(request, hall)))
    app.post<{ Params: { id: string } }>(`${API_PREFIX}/devices/:id/test`, async (request) => queries.test(credentials(request, hall), request.params.id, request.body))
  }
}
