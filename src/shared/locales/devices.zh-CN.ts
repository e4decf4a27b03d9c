import type { DeviceProblem } from '../devices'

/** zh-CN is the schema: every device problem has its sentence here, and en-US is typed against it. */
export const deviceProblemsZhCN = {
  notConnected: '设备未连接（串口无法打开或连接线已断开）',
  noResponse: '设备无应答',
  offline: '打印机离线',
  paperOut: '打印机缺纸',
  paperNearEnd: '打印纸即将用完',
  coverOpen: '打印机上盖未关',
  cutterError: '切刀故障',
  printerError: '打印机故障',
  timeout: '任务超时',
  writeFailed: '数据发送失败',
  noAck: '设备未确认收到',
  portConflict: '同一串口上的设备参数不一致',
  unsupported: '当前运行方式不支持此设备（系统打印机需要桌面版）',
} satisfies Record<DeviceProblem, string>

export type DeviceProblemMessages = Record<keyof typeof deviceProblemsZhCN, string>
