/**
 * Errors are data: every failure a caller can see has a stable code from this list.
 * The HTTP status and the translated sentence are looked up from the code; the code
 * itself never changes meaning once released.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNKNOWN_COMMAND: 404,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPGRADE_REQUIRED: 426,
  UNAUTHENTICATED: 401,
  WRONG_PIN: 401,
  PIN_LOCKED: 429,
  TERMINAL_NOT_PAIRED: 401,
  TERMINAL_NOT_ALLOWED: 403,
  HOST_NOT_ALLOWED: 421,
  ORIGIN_NOT_ALLOWED: 403,
  IDEMPOTENCY_KEY_REUSED: 422,
  ISSUING_TOO_FAST: 429,
  PAIRING_CODE_INVALID: 400,
  UNKNOWN_TERMINAL: 404,
  FORBIDDEN: 403,
  NOT_YOUR_COUNTER: 403,
  CLERK_DISABLED: 403,
  UNKNOWN_SERVICE: 404,
  UNKNOWN_COUNTER: 404,
  UNKNOWN_TICKET: 404,
  UNKNOWN_CLERK: 404,
  PHOTO_NOT_IMAGE: 400,
  PHOTO_TOO_LARGE: 413,
  NO_PHOTO: 404,
  UNKNOWN_RECORD: 404,
  SERVICE_INACTIVE: 409,
  SERVICE_NOT_AT_COUNTER: 409,
  DAILY_CAP_REACHED: 409,
  OUTSIDE_ISSUING_HOURS: 409,
  ISSUING_PAUSED: 409,
  TICKET_NOT_WAITING: 409,
  TICKET_NOT_CALLED: 409,
  TICKET_NOT_SERVING: 409,
  TICKET_NOT_NO_SHOW: 409,
  TICKET_CLOSED: 409,
  RECALL_LIMIT: 409,
  QUEUE_EMPTY: 409,
  COUNTER_CLOSED: 409,
  COUNTER_PAUSED: 409,
  COUNTER_NOT_PAUSED: 409,
  COUNTER_BUSY: 409,
  COUNTER_TAKEN: 409,
  CLERK_AT_OTHER_COUNTER: 409,
  ALREADY_RATED: 409,
  RATING_NOT_FROM_CUSTOMER: 403,
  NOT_RATABLE: 409,
  RECORD_OPEN: 409,
  DUPLICATE_PREFIX: 409,
  DUPLICATE_STAFF_CODE: 409,
  TRANSFER_TARGET_INVALID: 409,
  LAST_ADMIN: 409,
  EMERGENCY_ACTIVE: 409,
  NO_EMERGENCY: 409,
  PHONE_NOT_COLLECTED: 400,
  UNKNOWN_CONTACT: 404,
  CONTACT_PURGED: 410,
  UNKNOWN_COMPLAINT: 404,
  COMPLAINT_NOT_OPEN: 409,
  COMPLAINT_NOT_AT_CALLBACK: 409,
  COMPLAINT_NOT_CLOSED: 409,
  COMPLAINT_SOLUTION_MISSING: 409,
  COMPLAINT_CLOSED_BY_SUBJECT: 403,
  COMPLAINT_NOT_YOURS: 403,
  COMPLAINT_REASON_UNKNOWN: 400,
  COMPLAINT_DEPARTMENT_UNKNOWN: 400,
  COMPLAINT_TEXT_NOT_SEALED: 503,
  DAY_ALREADY_CLOSED: 409,
  UNKNOWN_DEVICE: 404,
  DEVICE_DISABLED: 409,
  FUTURE_DAY: 409,
  VISIT_NOT_CHECKABLE: 409,
  OWN_VISIT: 403,
  EXPORT_NOT_READY: 409,
  TOO_MANY_EXPORTS: 429,
  TOO_MANY_REQUESTS: 429,
  FILE_NOT_SAVED: 500,
  STORAGE_FULL: 507,
  STORAGE_BUSY: 503,
  GROUP_CONFIG_INVALID: 400,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[]

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown }
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, details?: unknown, message?: string) {
    super(message ?? code)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value)
}
