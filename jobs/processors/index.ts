import type { ProcessorMap } from '../processor-map'
import { bookingExpireIfUndecided } from './booking-expire-if-undecided'
import { bookingRequested } from './booking-requested'
import { bookingsSweepOverdueRequests } from './bookings-sweep-overdue-requests'
import { vouchersSweepExpired } from './vouchers-sweep-expired'

/** One processor per job of the contract (app/infra/job-contract.ts); checked again at boot. */
export const processors: ProcessorMap = {
  'booking.requested': bookingRequested,
  'booking.expire-if-undecided': bookingExpireIfUndecided,
  'bookings.sweep-overdue-requests': bookingsSweepOverdueRequests,
  'vouchers.sweep-expired': vouchersSweepExpired,
}
