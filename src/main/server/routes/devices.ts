/**
 * The devices' routes: health of every device (manager), the serial ports of this PC, and a
 * test print or test display (admin).
 */
import type { FastifyInstance } from 'fastify'
import { API_PATHS, API_PREFIX } from '../../../shared/api'
import type { DeviceManager } from '../../devices/device-manager'
import type { Hall } from '../../hall'
import { requireRole } from '../request'

export function deviceRoutes(hall: Hall, devices: DeviceManager) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(API_PATHS.devices, async (request) => {
      requireRole(hall, request, 'manager')
      return { devices: devices.health() }
    })

    app.get(API_PATHS.devicePorts, async (request) => {
      requireRole(hall, request, 'manager')
      return devices.listPorts()
    })

    app.post<{ Params: { id: string } }>(`${API_PREFIX}/devices/:id/test`, async (request) => {
      requireRole(hall, request, 'admin')
      return devices.test(request.params.id, request.body)
    })
  }
}
