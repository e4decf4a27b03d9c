/**
 * What a new hall starts with: the product families of a telecom operator plus the counters
 * every hall has (DOMAIN.md). Everything here is editable in the settings afterwards.
 */
import type { CounterConfig, Service } from '../../shared/domain'

function service(
  id: string,
  prefix: string,
  nameZh: string,
  nameEn: string,
  targetWaitMin: number,
  defaultHandleMin: number,
  items: string[],
  message = '',
): Service {
  return { id, prefix, nameZh, nameEn, targetWaitMin, defaultHandleMin, dailyCap: null, hours: [], message, items, active: true, sortOrder: 0 }
}

export const DEFAULT_SERVICES: Service[] = [
  service('MOBILE', 'A', '移动业务', 'Mobile', 15, 8, ['开户', '改套餐', '补换卡', '携号转网', '停复机', '销户']),
  service('BROADBAND', 'B', '宽带业务', 'Broadband', 20, 12, ['宽带新装', '宽带移机', '宽带提速', '宽带拆机', '故障报修']),
  service('FIXED', 'C', '固定电话', 'Fixed line', 20, 10, ['固话新装', '固话移机', 'IP电话', '商务总机']),
  service('PAYMENT', 'D', '缴费充值', 'Payments & top-up', 10, 3, ['缴费', '充值', '发票打印', '详单打印']),
  service('CONSULT', 'E', '业务咨询', 'Enquiries', 10, 5, ['资费咨询', '业务咨询', '建立客户档案']),
  service('COMPLAINT', 'F', '投诉建议', 'Complaints & suggestions', 15, 15, ['投诉受理', '建议登记', '投诉回访'], '投诉请携带有效证件'),
  service('ENTERPRISE', 'G', '政企客户', 'Enterprise customers', 20, 20, ['专线', 'VPN', '云业务', 'IDC托管', '集团短信']),
  service('VAS', 'H', '增值业务', 'Value-added services', 15, 6, ['短信彩信', '来电显示', '彩铃', '呼叫中心']),
].map((s, i) => ({ ...s, sortOrder: i + 1 }))

const serves = (...ids: string[]) => ids.map((serviceId, i) => ({ serviceId, boostMin: i === 0 ? 10 : 0 }))

export const DEFAULT_COUNTERS: CounterConfig[] = [
  { id: 1, name: '1号窗口', services: serves('MOBILE', 'VAS', 'PAYMENT', 'CONSULT'), displayAddress: 1, active: true },
  { id: 2, name: '2号窗口', services: serves('MOBILE', 'BROADBAND', 'FIXED', 'PAYMENT'), displayAddress: 2, active: true },
  { id: 3, name: '3号窗口', services: serves('BROADBAND', 'FIXED', 'MOBILE', 'CONSULT'), displayAddress: 3, active: true },
  { id: 4, name: '4号窗口', services: serves('PAYMENT', 'CONSULT', 'MOBILE'), displayAddress: 4, active: true },
  { id: 5, name: '5号窗口', services: serves('ENTERPRISE', 'COMPLAINT', 'CONSULT'), displayAddress: 5, active: true },
]
