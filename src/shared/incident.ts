/**
 * Incidents as the hall keeps them (docs/decisions/028-incidents.md). No schema here: the screens'
 * first download applies the stream's events with evolve(), which reads this.
 */
import type { Emergency } from './domain'

/** An emergency as logged before incidents were kept has none of the incident's fields. */
export function withIncidentFields(e: Omit<Emergency, 'severity' | 'drill' | 'reportedBy' | 'assessment' | 'actions'> & Partial<Emergency>): Emergency {
  return { severity: 'general', drill: false, reportedBy: '', assessment: '', actions: [], ...e }
}
