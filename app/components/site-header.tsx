import { Form, Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '~/i18n/config'
import type { Role } from '~/infra/permissions'
import { AuthenticityTokenInput } from './authenticity-token-input'
import { buttonClasses } from './button'
import { cn } from './cn'
import { LanguageSwitcher } from './language-switcher'

export type HeaderUser = { name: string; orgName: string | null; role: Role | null; homePath: string }

const navLinkBase = 'inline-flex h-10 items-center rounded-md text-[15px] font-medium whitespace-nowrap'
const navLinkTone = (isActive: boolean) =>
  isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900'
const navLink = ({ isActive }: { isActive: boolean }) => cn(navLinkBase, 'px-3', navLinkTone(isActive))
// Phones: tighter padding so the three links of a signed-in user fit 375 px in English too.
const navLinkCompact = ({ isActive }: { isActive: boolean }) => cn(navLinkBase, 'px-1.5', navLinkTone(isActive))

/**
 * The site header. Desktop (lg and up): one row (brand, nav, user, account action, language).
 * Below lg, three rows: the brand and the language switch; the nav across the full width (it wraps
 * rather than overlapping anything), with 登录/注册 at its right end for visitors; then who is
 * signed in (name · role · organisation, truncated) with the log-out button at its right end.
 * Nothing hides behind a menu button, nothing needs JavaScript. (The nav, the user line and the
 * account actions render twice, one copy display:none, so neither screen readers nor tab order
 * see two.)
 */
export function SiteHeader({ user, locale }: { user: HeaderUser | null; locale: Locale }) {
  const { t } = useTranslation()
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-2 lg:py-3">
        <Link to="/" className="flex min-w-0 flex-1 items-center gap-2 py-1 font-semibold text-slate-900 lg:flex-none">
          <span
            aria-hidden="true"
            className="grid size-8 shrink-0 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white"
          >
            券
          </span>
          <span className="hidden truncate text-[17px] xl:inline">{t('app.name')}</span>
          <span className="truncate text-[17px] xl:hidden">{t('app.shortName')}</span>
        </Link>
        <MainNav user={user} className="hidden lg:flex lg:flex-1" />
        {user ? <UserLine user={user} className="hidden max-w-80 text-right lg:block" /> : null}
        <div className="hidden items-center gap-1 lg:flex">
          <AccountActions user={user} />
        </div>
        <LanguageSwitcher locale={locale} className="shrink-0" />
      </div>
      {/* Below lg: the nav on its own row (visitors' 登录/注册 at its end), who is signed in on a third. */}
      <div className="mx-auto max-w-6xl px-4 pb-2 lg:hidden">
        <div className="flex flex-wrap items-center gap-1">
          <MainNav user={user} compact className="-ml-1.5 flex min-w-0 flex-wrap gap-x-0.5" />
          {user ? null : (
            <div className="ml-auto flex shrink-0 items-center gap-1">
              <AccountActions user={null} />
            </div>
          )}
        </div>
        {user ? (
          <div className="mt-1 flex items-center gap-2 border-t border-slate-100 pt-2">
            <UserLine user={user} className="min-w-0 flex-1" inline />
            <div className="shrink-0">
              <AccountActions user={user} variant="secondary" />
            </div>
          </div>
        ) : null}
      </div>
    </header>
  )
}

function MainNav({
  user,
  className,
  compact = false,
}: {
  user: HeaderUser | null
  className?: string
  compact?: boolean
}) {
  const { t } = useTranslation()
  const linkClass = compact ? navLinkCompact : navLink
  return (
    <nav aria-label={t('app.mainNav')} className={cn('items-center gap-1', className)}>
      <NavLink to="/instruments" className={linkClass}>
        {t('nav.instruments')}
      </NavLink>
      {user ? (
        <>
          <NavLink to={user.homePath} className={linkClass}>
            {t('nav.myHome')}
          </NavLink>
          <NavLink to="/settings/calendar" className={linkClass}>
            {t('nav.calendar')}
          </NavLink>
        </>
      ) : null}
    </nav>
  )
}

function UserLine({ user, className, inline = false }: { user: HeaderUser; className?: string; inline?: boolean }) {
  const { t } = useTranslation()
  return (
    <p className={cn('truncate text-sm leading-snug text-slate-600', className)}>
      <span className="sr-only">{t('app.signedInAs')}: </span>
      <span className="font-medium text-slate-900">{user.name}</span>
      {user.role ? <span className="text-slate-500"> · {t(`roles.${user.role}`)}</span> : null}
      {user.orgName ? (
        inline ? (
          <span> · {user.orgName}</span>
        ) : (
          <span className="block truncate text-xs text-slate-500">{user.orgName}</span>
        )
      ) : null}
    </p>
  )
}

function AccountActions({
  user,
  variant = 'ghost',
}: {
  user: HeaderUser | null
  /** The log-out button's look: ghost beside the desktop nav, outlined on its own row on a phone. */
  variant?: 'ghost' | 'secondary'
}) {
  const { t } = useTranslation()
  if (user) {
    return (
      <Form method="post" action="/logout">
        <AuthenticityTokenInput />
        <button type="submit" className={buttonClasses({ variant, size: 'sm' })}>
          {t('nav.logout')}
        </button>
      </Form>
    )
  }
  return (
    <>
      <Link to="/login" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
        {t('nav.login')}
      </Link>
      <Link to="/register" className={buttonClasses({ variant: 'primary', size: 'sm' })}>
        {t('nav.register')}
      </Link>
    </>
  )
}
