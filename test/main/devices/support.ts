/** Shared bits of the device tests. */
export { displayFrameSchema } from '../../../src/shared/devices'
export { settingsSchema as settingsSchemaForTest } from '../../../src/shared/settings'
