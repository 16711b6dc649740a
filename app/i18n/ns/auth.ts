// Namespace 'auth': zh-CN is the source; en must have the same keys (checked by the type).
export const authZhCN = {
  title: '',
}

export const authEn: typeof authZhCN = {
  title: '',
}
