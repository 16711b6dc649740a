// Namespace 'catalogue': zh-CN is the source; en must have the same keys (checked by the type).
export const catalogueZhCN = {
  title: '',
}

export const catalogueEn: typeof catalogueZhCN = {
  title: '',
}
