import type { ProcessorMap } from '../processor-map'
import { bookingAutoConfirm } from './booking-auto-confirm'
import { bookingExpireIfUndecided } from './booking-expire-if-undecided'
import { bookingExpireIfUnpaid } from './booking-expire-if-unpaid'
import { bookingNotify } from './booking-notify'
import { bookingRequested } from './booking-requested'
import { bookingsSweepOverdueRequests } from './bookings-sweep-overdue-requests'
import { paymentCancelIntent } from './payment-cancel-intent'
import { paymentRefund } from './payment-refund'
import { vouchersSweepExpired } from './vouchers-sweep-expired'

/** One processor per job of the contract (app/infra/job-contract.ts); checked again at boot. */
export const processors: ProcessorMap = {
  'booking.requested': bookingRequested,
  'booking.notify': bookingNotify,
  'booking.expire-if-undecided': bookingExpireIfUndecided,
  'booking.expire-if-unpaid': bookingExpireIfUnpaid,
  'booking.auto-confirm': bookingAutoConfirm,
  'bookings.sweep-overdue-requests': bookingsSweepOverdueRequests,
  'vouchers.sweep-expired': vouchersSweepExpired,
  'payment.refund': paymentRefund,
  'payment.cancel-intent': paymentCancelIntent,
}
