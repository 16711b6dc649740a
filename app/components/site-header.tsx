import { Form, Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '~/i18n/config'
import type { Role } from '~/infra/permissions'
import { AuthenticityTokenInput } from './authenticity-token-input'
import { buttonClasses } from './button'
import { cn } from './cn'
import { LanguageSwitcher } from './language-switcher'

export type HeaderUser = { name: string; orgName: string | null; role: Role | null; homePath: string }

const navLink = ({ isActive }: { isActive: boolean }) =>
  cn(
    'inline-flex h-10 items-center rounded-md px-3 text-[15px] font-medium whitespace-nowrap',
    isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
  )

/**
 * The site header. Desktop: one row (brand, nav, user, language). At phone width: the brand and
 * the language switch on the first row, the nav and the account links on the second, the user's
 * name and organisation on a third: nothing hides behind a menu button, nothing needs JavaScript.
 * (The nav renders twice, one copy display:none, so neither screen readers nor tab order see two.)
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
      {/* Phones: the nav and the account links on a second row, who is signed in on a third. */}
      <div className="mx-auto max-w-6xl px-4 pb-2 lg:hidden">
        <div className="flex items-center gap-1">
          <MainNav user={user} className="flex min-w-0 flex-1" />
          <div className="flex shrink-0 items-center gap-1">
            <AccountActions user={user} />
          </div>
        </div>
        {user ? <UserLine user={user} className="mt-1" inline /> : null}
      </div>
    </header>
  )
}

function MainNav({ user, className }: { user: HeaderUser | null; className?: string }) {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('app.mainNav')} className={cn('items-center gap-1', className)}>
      <NavLink to="/instruments" className={navLink}>
        {t('nav.instruments')}
      </NavLink>
      {user ? (
        <>
          <NavLink to={user.homePath} className={navLink}>
            {t('nav.myHome')}
          </NavLink>
          <NavLink to="/settings/calendar" className={navLink}>
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

function AccountActions({ user }: { user: HeaderUser | null }) {
  const { t } = useTranslation()
  if (user) {
    return (
      <Form method="post" action="/logout">
        <AuthenticityTokenInput />
        <button type="submit" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
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
