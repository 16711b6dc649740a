// Default language. Keys are grouped by screen; every user-visible string lives here and in en.ts.
export const commonZhCN = {
  app: {
    name: '达州市科技创新券与大型仪器共享平台',
    shortName: '创新券平台',
    bureau: '达州市科学技术局',
    skipToContent: '跳到正文',
    language: '语言',
    switchTo: 'English',
  },
  nav: {
    home: '首页',
    instruments: '仪器目录',
    login: '登录',
    logout: '退出登录',
    register: '注册',
    myHome: '我的工作台',
  },
  home: {
    title: '科技创新券 · 大型科研仪器共享',
    lead: '中小企业凭创新券预约高校、科研院所的大型科研仪器和检测服务，市科技局在线审核、兑付与统计。',
    searchPlaceholder: '搜索仪器，如：色谱、质谱、电镜',
    search: '搜索',
    forEnterprise: '企业',
    forEnterpriseText: '申领创新券，查找仪器，在线预约并支付自付部分。',
    forInstitution: '服务机构',
    forInstitutionText: '发布仪器与收费标准，设置开放时间，审批预约。',
    forBureau: '科技管理部门',
    forBureauText: '审核申请，审计兑付，查看统计。',
  },
  errors: {
    notFound: '页面不存在',
    notFoundText: '您访问的页面不存在或已被移除。',
    forbidden: '没有权限',
    forbiddenText: '您的账号没有访问此页面的权限。如需开通，请联系所在单位的管理员。',
    generic: '出错了',
    genericText: '服务器处理请求时出错，请稍后重试。如果问题持续，请联系平台管理员。',
    backHome: '返回首页',
  },
  money: {
    yuan: '元',
    wan: '万元',
  },
}

export type Messages = typeof commonZhCN
