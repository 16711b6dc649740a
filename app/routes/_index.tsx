import type { MetaFunction } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { buttonClasses } from '~/components/button'
import { PageContainer } from '~/components/page-container'

export const meta: MetaFunction = () => [{ title: '达州市科技创新券与大型仪器共享平台' }]

// Public landing page (no loader: nothing here needs a permission).
export default function Index() {
  const { t } = useTranslation()
  const audiences = [
    { title: t('home.forEnterprise'), text: t('home.forEnterpriseText'), to: '/register', cta: t('nav.register') },
    { title: t('home.forInstitution'), text: t('home.forInstitutionText'), to: '/login', cta: t('nav.login') },
    { title: t('home.forBureau'), text: t('home.forBureauText'), to: '/login', cta: t('nav.login') },
  ]
  return (
    <PageContainer className="sm:py-14">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-4xl">{t('home.title')}</h1>
      <p className="mt-4 max-w-2xl text-base text-slate-600 sm:text-lg">{t('home.lead')}</p>
      <Form method="get" action="/instruments" className="mt-8 flex max-w-xl gap-2" role="search">
        <label htmlFor="home-q" className="sr-only">
          {t('home.searchPlaceholder')}
        </label>
        <input
          id="home-q"
          name="q"
          type="search"
          placeholder={t('home.searchPlaceholder')}
          className="h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 text-base shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
        />
        <button type="submit" className={buttonClasses()}>
          {t('home.search')}
        </button>
      </Form>
      <ul className="mt-12 grid gap-4 sm:grid-cols-3">
        {audiences.map((a) => (
          <li key={a.title} className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="text-lg font-semibold text-slate-900">{a.title}</h2>
            <p className="mt-2 flex-1 text-slate-600">{a.text}</p>
            <Link to={a.to} className="mt-4 font-medium text-brand-700 underline-offset-2 hover:underline">
              {a.cta} →
            </Link>
          </li>
        ))}
      </ul>
    </PageContainer>
  )
}
