import { describe, expect, it } from 'vitest'
import { TRANSITIONS } from '~/features/bookings/transitions'
import { audiencesFor, mailLocale, NOTIFY_EVENTS, pickRecipients, type Candidate } from './recipients'

describe('audiencesFor', () => {
  it.each([
    ['request', ['institution']],
    ['approve', ['enterprise']],
    ['reject', ['enterprise']],
    ['propose-time', ['enterprise']],
    ['accept-proposal', ['institution']],
    ['decline-proposal', ['institution']],
    ['pay', ['institution']],
    ['expire', ['enterprise', 'institution']],
    ['expire-unpaid', ['enterprise']],
    ['fail-payment', ['enterprise']],
    ['deliver', ['enterprise']],
    ['confirm', ['institution']],
    ['auto-confirm', ['institution']],
    ['dispute', ['institution', 'bureau']],
    ['resolve-dispute', ['enterprise', 'institution']],
    ['claim', ['bureau']],
  ] as const)('%s → %j', (event, audiences) => {
    expect(audiencesFor(event)).toEqual(audiences)
  })

  it('tells the other side of a cancellation', () => {
    expect(audiencesFor('cancel', { cancelledBySide: 'enterprise' })).toEqual(['institution'])
    expect(audiencesFor('cancel', { cancelledBySide: 'institution' })).toEqual(['enterprise'])
    // The side column wins; the actor of the event is the fallback.
    expect(audiencesFor('cancel', { actorKind: 'institution_staff' })).toEqual(['enterprise'])
    expect(audiencesFor('cancel', { actorKind: 'enterprise_member' })).toEqual(['institution'])
    // Nobody knows who cancelled (an operator, old data): both sides hear of it.
    expect(audiencesFor('cancel', { actorKind: 'system' })).toEqual(['enterprise', 'institution'])
  })

  it('tells nobody about an event it does not know', () => {
    expect(audiencesFor('something-new')).toEqual([])
  })

  it('knows every transition of the table that notifies', () => {
    const notifying = TRANSITIONS.filter((t) => (t.effects as readonly string[]).includes('notify')).map((t) => t.name)
    for (const name of notifying) expect(NOTIFY_EVENTS).toContain(name)
  })
})

describe('pickRecipients', () => {
  const c = (userId: string, audience: Candidate['audience'], extra: Partial<Candidate> = {}): Candidate => ({
    userId,
    audience,
    email: `${userId}@example.test`,
    name: userId,
    locale: 'zh-CN',
    ...extra,
  })

  it('keeps the audiences asked for, each person once, in a stable order', () => {
    const people = [c('u3', 'institution'), c('u1', 'institution'), c('u2', 'enterprise'), c('u9', 'bureau')]
    expect(pickRecipients(['institution'], people).map((r) => r.userId)).toEqual(['u1', 'u3'])
    expect(pickRecipients(['enterprise', 'institution'], people).map((r) => r.userId)).toEqual(['u2', 'u1', 'u3'])
  })

  it('mails a person in two audiences once, with the first audience', () => {
    const people = [c('u1', 'institution'), c('u1', 'bureau')]
    expect(pickRecipients(['institution', 'bureau'], people)).toEqual([
      expect.objectContaining({ userId: 'u1', audience: 'institution' }),
    ])
  })

  it('never mails the person who caused the event, nor a person without an address', () => {
    const people = [c('u1', 'enterprise'), c('u2', 'enterprise', { email: '' })]
    expect(pickRecipients(['enterprise'], people, 'u1')).toEqual([])
  })

  it('writes in the recipient’s language: English for en*, Chinese otherwise', () => {
    expect(mailLocale('en')).toBe('en')
    expect(mailLocale('en-GB')).toBe('en')
    expect(mailLocale('zh-CN')).toBe('zh-CN')
    expect(mailLocale('fr')).toBe('zh-CN')
    expect(mailLocale(null)).toBe('zh-CN')
    expect(pickRecipients(['enterprise'], [c('u1', 'enterprise', { locale: 'en' })])[0]?.locale).toBe('en')
  })
})
