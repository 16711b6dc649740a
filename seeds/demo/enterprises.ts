// Demo enterprises: SMEs spread over Dazhou's counties, built around local industries
// (natural gas chemicals, 富硒茶, 灯影牛肉, 开江麻鸭, 大竹苎麻, 渠县黄花, 锂钾, 玄武岩纤维).
// Names are invented; every number is demo data.
import type { OrgStatus } from '~/generated/prisma/client'
import { completeUscc } from '~/features/enterprises/uscc'

export type DemoEnterprise = {
  key: string
  name: string
  uscc: string
  regionId: string
  status: OrgStatus
  smeRegNo: string | null
  smeRegYear: number | null
  otherStatus: string | null
  legalRep: string
  staffCount: number
  /** Annual sales and total assets, whole 万元 (stored as fen). */
  salesWan: number
  assetsWan: number
  contactName: string
  contactPhone: string
  address: string
  bankAccount: string
  /** Face value of the demo voucher in 万元; null = no voucher. */
  voucherWan: number | null
  /** Declared controller group (firms under one controller share the annual cap). */
  controllerGroup?: string
  /** Declared related parties: demo institution key and relation (enterprise_related_party). */
  relatedParties?: {
    institutionKey: string
    relation: 'affiliated' | 'shareholding' | 'common_controller' | 'same_legal_rep'
    note?: string
  }[]
}

// DOMAIN: USCC positions 1–2 = 91 (company), 3–8 = the registering region (达州高新区 uses 511700).
function uscc(regionCode: string, orgCode: string) {
  return completeUscc(`91${regionCode}${orgCode}`)
}

// 科技型中小企业 registration numbers look like 2026 + county code + A0001 + serial.
function smeNo(regionCode: string, serial: number) {
  return `2026${regionCode}A0001${String(serial).padStart(3, '0')}`
}

export const DEMO_ENTERPRISES: DemoEnterprise[] = [
  {
    key: 'chuandong',
    name: '达州市川东智造科技有限公司',
    uscc: uscc('511702', 'MA62J8K1X'),
    regionId: '511702',
    status: 'verified',
    smeRegNo: smeNo('511702', 101),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '张明',
    staffCount: 86,
    salesWan: 4200,
    assetsWan: 3100,
    contactName: '张明',
    contactPhone: '138 8180 0101',
    address: '四川省达州市通川区西外镇金山南路128号',
    bankAccount: '2318 0101 0101 0101 101',
    voucherWan: 20,
  },
  {
    key: 'bashan',
    name: '四川巴山富硒茶业科技有限公司',
    uscc: uscc('511781', 'MA64C2D3L'),
    regionId: '511781',
    status: 'verified',
    smeRegNo: smeNo('511781', 102),
    smeRegYear: 2026,
    otherStatus: 'specialised',
    legalRep: '向丽',
    staffCount: 143,
    salesWan: 9800,
    assetsWan: 7600,
    contactName: '向丽',
    contactPhone: '139 0818 0202',
    address: '四川省达州市万源市太平镇茶园路22号',
    bankAccount: '2268 0202 0202 0202 202',
    voucherWan: 15,
  },
  {
    key: 'puguang',
    name: '宣汉普光精细化工科技有限公司',
    uscc: uscc('511722', 'MA65E4F5P'),
    regionId: '511722',
    status: 'verified',
    smeRegNo: smeNo('511722', 103),
    smeRegYear: 2026,
    otherStatus: 'high_tech',
    legalRep: '唐建',
    staffCount: 210,
    salesWan: 15600,
    assetsWan: 18800,
    contactName: '彭涛',
    contactPhone: '135 0818 0303',
    address: '四川省达州市宣汉县普光镇化工园区纬一路9号',
    bankAccount: '9160 0303 0303 0303 303',
    voucherWan: 20,
    relatedParties: [{ institutionKey: 'dzgas', relation: 'shareholding', note: '持有该研究院 12% 股份' }],
  },
  {
    key: 'dengying',
    name: '达州市灯影牛肉食品科技有限公司',
    uscc: uscc('511703', 'MA63G6H7Q'),
    regionId: '511703',
    status: 'verified',
    smeRegNo: smeNo('511703', 104),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '刘强',
    staffCount: 120,
    salesWan: 8600,
    assetsWan: 5400,
    contactName: '刘婷',
    contactPhone: '136 8180 0404',
    address: '四川省达州市达川区河市镇食品工业园3号',
    bankAccount: '5105 0404 0404 0404 404',
    voucherWan: 10,
  },
  {
    key: 'maya',
    name: '开江县麻鸭生物科技有限公司',
    uscc: uscc('511723', 'MA66J8K9R'),
    regionId: '511723',
    status: 'verified',
    smeRegNo: smeNo('511723', 105),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '何勇',
    staffCount: 58,
    salesWan: 2300,
    assetsWan: 1900,
    contactName: '何勇',
    contactPhone: '137 8180 0505',
    address: '四川省达州市开江县普安镇麻鸭产业园8号',
    bankAccount: '6210 0505 0505 0505 505',
    voucherWan: 8,
  },
  {
    key: 'zhuma',
    name: '大竹县苎麻纺织新材料有限公司',
    uscc: uscc('511724', 'MA67L1M2T'),
    regionId: '511724',
    status: 'verified',
    smeRegNo: smeNo('511724', 106),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '蒲红',
    staffCount: 260,
    salesWan: 12500,
    assetsWan: 9800,
    contactName: '蒲红',
    contactPhone: '138 0818 0606',
    address: '四川省达州市大竹县竹阳街道苎麻产业园16号',
    bankAccount: '2318 0606 0606 0606 606',
    voucherWan: 12,
  },
  {
    key: 'huanghua',
    name: '渠县黄花生物科技有限公司',
    uscc: uscc('511725', 'MA68N3P4U'),
    regionId: '511725',
    status: 'verified',
    smeRegNo: smeNo('511725', 107),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '曾志',
    staffCount: 45,
    salesWan: 1800,
    assetsWan: 1500,
    contactName: '曾志',
    contactPhone: '139 8180 0707',
    address: '四川省达州市渠县天星街道黄花路66号',
    bankAccount: '6228 0707 0707 0707 707',
    voucherWan: 5,
    controllerGroup: '川东农旅发展集团',
  },
  {
    key: 'lijia',
    name: '达州锂钾新材料科技有限公司',
    uscc: uscc('511700', 'MA6AQ5R6W'),
    regionId: '511700-GX',
    status: 'verified',
    smeRegNo: smeNo('511700', 108),
    smeRegYear: 2026,
    otherStatus: 'specialised',
    legalRep: '冉斌',
    staffCount: 175,
    salesWan: 16800,
    assetsWan: 19200,
    contactName: '冉斌',
    contactPhone: '135 8180 0808',
    address: '四川省达州市达州高新区斌郎街道锂钾大道18号',
    bankAccount: '8830 0808 0808 0808 808',
    voucherWan: 20,
  },
  {
    key: 'xuanwu',
    name: '达州玄武岩纤维科技有限公司',
    uscc: uscc('511700', 'MA6BT7U8X'),
    regionId: '511700-GX',
    status: 'verified',
    smeRegNo: smeNo('511700', 109),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '吴刚',
    staffCount: 98,
    salesWan: 5600,
    assetsWan: 6800,
    contactName: '吴刚',
    contactPhone: '136 0818 0909',
    address: '四川省达州市达州高新区金龙大道玄武岩产业园2号',
    bankAccount: '8830 0909 0909 0909 909',
    voucherWan: 15,
  },
  {
    // Verified but without a voucher yet: its application is still under review.
    key: 'qinba',
    name: '达州秦巴中药材科技有限公司',
    uscc: uscc('511702', 'MA62W9X1Y'),
    regionId: '511702',
    status: 'verified',
    smeRegNo: smeNo('511702', 110),
    smeRegYear: 2026,
    otherStatus: null,
    legalRep: '梁芳',
    staffCount: 36,
    salesWan: 1200,
    assetsWan: 900,
    contactName: '梁芳',
    contactPhone: '137 0818 1010',
    address: '四川省达州市通川区复兴镇中药材产业园5号',
    bankAccount: '2318 1010 1010 1010 110',
    voucherWan: null,
  },
  {
    key: 'yunduan',
    name: '达州市云端信息技术有限公司',
    uscc: uscc('511703', 'MA63A2B3C'),
    regionId: '511703',
    status: 'pending',
    smeRegNo: null,
    smeRegYear: null,
    otherStatus: null,
    legalRep: '郑凯',
    staffCount: 22,
    salesWan: 600,
    assetsWan: 400,
    contactName: '郑凯',
    contactPhone: '138 8180 1111',
    address: '四川省达州市达川区三里坪街道数字经济产业园A栋',
    bankAccount: '5105 1111 1111 1111 111',
    voucherWan: null,
    controllerGroup: '川东农旅发展集团',
  },
  {
    // Rejected at admission: a building-materials trader without R&D (no 科技型中小企业 number).
    key: 'jiancai',
    name: '大竹县顺达建材贸易有限公司',
    uscc: uscc('511724', 'MA67D4E5F'),
    regionId: '511724',
    status: 'rejected',
    smeRegNo: null,
    smeRegYear: null,
    otherStatus: null,
    legalRep: '孙伟',
    staffCount: 12,
    salesWan: 3000,
    assetsWan: 800,
    contactName: '孙伟',
    contactPhone: '139 0818 1212',
    address: '四川省达州市大竹县东柳街道建材市场12号',
    bankAccount: '6210 1212 1212 1212 212',
    voucherWan: null,
  },
]
