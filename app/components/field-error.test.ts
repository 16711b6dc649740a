import { describe, expect, it } from 'vitest'
import { getFixedT } from '~/i18n/i18n'
import { errorKey, translateError } from './field-error'

describe('form error keys', () => {
  it('carries parameters and translates them in either language', () => {
    const key = errorKey('auth:errors.uscc.character', { position: 7, char: 'O' })
    expect(key).toBe('auth:errors.uscc.character?position=7&char=O')
    expect(translateError(getFixedT('zh-CN'), key)).toMatch(/^第 7 位“O”不是有效字符/)
    expect(translateError(getFixedT('en'), key)).toMatch(/^Character 7 \(“O”\) is not allowed/)
  })

  it('shows a message that is not a key as it is', () => {
    expect(translateError(getFixedT('zh-CN'), 'Something plain')).toBe('Something plain')
  })

  it('has an English text for every auth, dashboard and enterprises key (no fallback to Chinese)', async () => {
    const { authEn, authZhCN } = await import('~/i18n/ns/auth')
    const { dashboardEn, dashboardZhCN } = await import('~/i18n/ns/dashboard')
    const { enterprisesEn, enterprisesZhCN } = await import('~/i18n/ns/enterprises')
    const { walletEn, walletZhCN } = await import('~/i18n/ns/wallet')
    const { staffBookingsEn, staffBookingsZhCN } = await import('~/i18n/ns/staff-bookings')
    const { notificationsEn, notificationsZhCN } = await import('~/i18n/ns/notifications')
    const { paymentsEn, paymentsZhCN } = await import('~/i18n/ns/payments')
    const { bookingsEn, bookingsZhCN } = await import('~/i18n/ns/bookings')
    const leaves = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v ? leaves(v as object, `${p}${k}.`) : [`${p}${k}`],
      )
    expect(leaves(authEn).sort()).toEqual(leaves(authZhCN).sort())
    expect(leaves(dashboardEn).sort()).toEqual(leaves(dashboardZhCN).sort())
    expect(leaves(enterprisesEn).sort()).toEqual(leaves(enterprisesZhCN).sort())
    expect(leaves(walletEn).sort()).toEqual(leaves(walletZhCN).sort())
    expect(leaves(staffBookingsEn).sort()).toEqual(leaves(staffBookingsZhCN).sort())
    expect(leaves(notificationsEn).sort()).toEqual(leaves(notificationsZhCN).sort())
    expect(leaves(paymentsEn).sort()).toEqual(leaves(paymentsZhCN).sort())
    expect(leaves(bookingsEn).sort()).toEqual(leaves(bookingsZhCN).sort())
    for (const l of leaves(bookingsEn)) expect(l).not.toMatch(/\s/)
    for (const l of leaves(paymentsEn)) expect(l).not.toMatch(/\s/)
    for (const l of leaves(notificationsEn)) expect(l).not.toMatch(/\s/)
    for (const l of leaves(walletEn)) expect(l).not.toMatch(/\s/)
    for (const l of [...leaves(authEn), ...leaves(dashboardEn), ...leaves(enterprisesEn)]) expect(l).not.toMatch(/\s/)
  })
})
