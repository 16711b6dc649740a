// Namespace 'dashboard': zh-CN is the source; en must have the same keys (checked by the type).
export const dashboardZhCN = {
  title: '',
}

export const dashboardEn: typeof dashboardZhCN = {
  title: '',
}
