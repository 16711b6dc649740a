import type { Messages } from './common.zh-CN'

export const commonEn: Messages = {
  app: {
    name: 'Dazhou Innovation Vouchers & Shared Instruments',
    shortName: 'Innovation Vouchers',
    bureau: 'Dazhou Science and Technology Bureau',
    skipToContent: 'Skip to content',
    language: 'Language',
    switchTo: '中文',
  },
  nav: {
    home: 'Home',
    instruments: 'Instruments',
    login: 'Log in',
    logout: 'Log out',
    register: 'Register',
    myHome: 'My workspace',
  },
  home: {
    title: 'Innovation vouchers · Shared research instruments',
    lead: 'Small enterprises use innovation vouchers to book large research instruments and testing services at universities and institutes; the bureau reviews, redeems and reports online.',
    searchPlaceholder: 'Search instruments, e.g. chromatograph, mass spectrometer',
    search: 'Search',
    forEnterprise: 'Enterprises',
    forEnterpriseText: 'Apply for vouchers, find instruments, book online and pay your co-payment.',
    forInstitution: 'Institutions',
    forInstitutionText: 'Publish instruments and fee schedules, set open hours, approve bookings.',
    forBureau: 'Bureau',
    forBureauText: 'Review applications, audit redemptions, read the statistics.',
  },
  errors: {
    notFound: 'Page not found',
    notFoundText: 'The page you asked for does not exist or has been removed.',
    forbidden: 'Not allowed',
    forbiddenText: 'Your account may not open this page. Ask your organisation’s administrator for access.',
    generic: 'Something went wrong',
    genericText: 'The server could not handle the request. Please try again; if it keeps happening, contact the platform administrator.',
    backHome: 'Back to home',
  },
  money: {
    yuan: 'yuan',
    wan: '×10k yuan',
  },
}
