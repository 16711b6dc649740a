import type { MetaFunction } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export const meta: MetaFunction = () => [{ title: '达州市科技创新券与大型仪器共享平台' }]

export default function Index() {
  const { t } = useTranslation()
  return (
    <main className="mx-auto max-w-5xl px-4 py-12">
      <h1 className="text-3xl font-bold tracking-tight">{t('home.title')}</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600">{t('home.lead')}</p>
      <Form method="get" action="/instruments" className="mt-8 flex max-w-xl gap-2" role="search">
        <label htmlFor="home-q" className="sr-only">
          {t('home.searchPlaceholder')}
        </label>
        <input
          id="home-q"
          name="q"
          type="search"
          placeholder={t('home.searchPlaceholder')}
          className="flex-1 rounded-md border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          {t('home.search')}
        </button>
      </Form>
    </main>
  )
}
