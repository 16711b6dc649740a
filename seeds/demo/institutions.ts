// Demo service institutions (服务机构). Names are real Dazhou / Wanzhou bodies so the demo reads
// true, but every number on them (USCC body, CMA/CNAS, bank account, phone) is invented.
import type { InstitutionType, OrgStatus } from '~/generated/prisma/client'
import { completeUscc } from '~/features/enterprises/uscc'

export type DemoInstitution = {
  key: string
  name: string
  nameEn: string
  uscc: string
  type: InstitutionType
  regionId: string
  status: OrgStatus
  legalRep: string
  cmaNo: string | null
  cnasNo: string | null
  bankName: string
  bankAccount: string
  contactName: string
  contactPhone: string
  address: string
  /** Prefix of the asset numbers (固定资产编号) of its instruments. */
  assetPrefix: string
  /** Laboratories with the category-code prefixes they hold; the first is the default. */
  labs: [name: string, categoryPrefixes: string[]][]
  /** Instrument kinds it owns, by template name, in the order its instruments are generated. */
  kinds: string[]
  /** Landline prefix for instrument contacts (0818 = Dazhou, 023 = Chongqing). */
  phonePrefix: string
  /** Saturday mornings open as well (testing centres, the hospital). */
  saturday: boolean
}

// DOMAIN: USCC positions 1–2 = 12 (public institution, 事业单位), 3–8 = the registering region.
function uscc(regionCode: string, orgCode: string) {
  return completeUscc(`12${regionCode}${orgCode}`)
}

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  {
    key: 'sasu',
    name: '四川文理学院',
    nameEn: 'Sichuan University of Arts and Science',
    uscc: uscc('511702', '45092017X'),
    type: 'university',
    regionId: '511702',
    status: 'verified',
    legalRep: '刘志军',
    cmaNo: '232312050117',
    cnasNo: null,
    bankName: '中国工商银行达州通川支行（演示账户）',
    bankAccount: '2318 0000 0900 0001 001',
    contactName: '李华',
    contactPhone: '0818-2790101',
    address: '四川省达州市通川区塔石路中段519号',
    assetPrefix: 'WL',
    labs: [
      ['分析测试中心', []],
      ['化学化工学院实验中心', ['0107', '0109', '0205']],
      ['智能制造学院实验中心', ['02', '03', '04', '08', '10']],
      ['生命科学实验中心', ['0108', '0110', '13']],
      ['计算中心', ['11']],
    ],
    kinds: [
      '气相色谱仪',
      '扫描电子显微镜',
      'X射线衍射仪',
      '核磁共振波谱仪',
      '高效液相色谱仪',
      '傅里叶变换红外光谱仪',
      '气相色谱-质谱联用仪',
      '电感耦合等离子体质谱仪',
      '激光共聚焦拉曼光谱仪',
      '同步热分析仪',
      '电化学工作站',
      '比表面积及孔径分析仪',
      '高性能计算集群',
      '实时荧光定量PCR仪',
      '激光扫描共聚焦显微镜',
      'X射线光电子能谱仪',
      '紫外可见分光光度计',
      '场发射透射电子显微镜',
      '多功能酶标仪',
      '电子万能试验机',
    ],
    phonePrefix: '0818-27901',
    saturday: false,
  },
  {
    key: 'daas',
    name: '达州市农业科学研究院',
    nameEn: 'Dazhou Academy of Agricultural Sciences',
    uscc: uscc('511703', '45210033L'),
    type: 'research_institute',
    regionId: '511703',
    status: 'verified',
    legalRep: '蒋华',
    cmaNo: '232312050244',
    cnasNo: null,
    bankName: '中国农业银行达州达川支行（演示账户）',
    bankAccount: '2268 0100 0400 0002 002',
    contactName: '周晓燕',
    contactPhone: '0818-2390202',
    address: '四川省达州市达川区南外镇农科路18号',
    assetPrefix: 'NK',
    labs: [
      ['农产品质量安全检测中心', []],
      ['植物保护研究所', ['1302']],
      ['富硒农产品研究室', ['0104']],
      ['土壤肥料研究所', ['0112']],
    ],
    kinds: [
      '高效液相色谱仪',
      '原子荧光光谱仪',
      '电感耦合等离子体质谱仪',
      '气相色谱仪',
      '近红外谷物分析仪',
      '全自动凯氏定氮仪',
      '全自动氨基酸分析仪',
      '液相色谱-串联质谱联用仪',
      '实时荧光定量PCR仪',
      '微波消解仪',
      '原子吸收分光光度计',
      '气相色谱-质谱联用仪',
    ],
    phonePrefix: '0818-23902',
    saturday: false,
  },
  {
    key: 'dzvtc',
    name: '达州职业技术学院',
    nameEn: 'Dazhou Vocational and Technical College',
    uscc: uscc('511702', '45098162W'),
    type: 'university',
    regionId: '511702',
    status: 'verified',
    legalRep: '黄建国',
    cmaNo: null,
    cnasNo: null,
    bankName: '中国建设银行达州分行（演示账户）',
    bankAccount: '5105 0100 0000 0003 003',
    contactName: '邓伟',
    contactPhone: '0818-2790303',
    address: '四川省达州市通川区西外镇长田坝路101号',
    assetPrefix: 'ZY',
    labs: [
      ['材料检测实验室', []],
      ['机电工程实训中心', ['03', '04', '10']],
      ['食品药品检测实训室', ['0104']],
    ],
    kinds: [
      '电子万能试验机',
      '三坐标测量机',
      '高低温湿热试验箱',
      '紫外可见分光光度计',
      '原子吸收分光光度计',
      '矢量网络分析仪',
      '激光粒度分析仪',
    ],
    phonePrefix: '0818-27903',
    saturday: false,
  },
  {
    key: 'dzch',
    name: '达州市中心医院',
    nameEn: 'Dazhou Central Hospital',
    uscc: uscc('511702', '45097551H'),
    type: 'research_institute',
    regionId: '511702',
    status: 'verified',
    legalRep: '王成',
    cmaNo: null,
    cnasNo: 'CNAS MT0417',
    bankName: '中国银行达州分行（演示账户）',
    bankAccount: '1225 0000 0400 0004 004',
    contactName: '谭静',
    contactPhone: '0818-2520404',
    address: '四川省达州市通川区南岳庙街56号',
    assetPrefix: 'YY',
    labs: [
      ['医学研究中心', []],
      ['临床检验中心', ['1301']],
      ['分子诊断实验室', ['1302']],
    ],
    kinds: [
      '全自动生化分析仪',
      '流式细胞仪',
      '实时荧光定量PCR仪',
      '液相色谱-串联质谱联用仪',
      '激光扫描共聚焦显微镜',
      '高通量测序仪',
      '多功能酶标仪',
      '小动物活体成像系统',
      '蛋白纯化系统',
      '超高效液相色谱仪',
      '高分辨液质联用仪',
    ],
    phonePrefix: '0818-25204',
    saturday: true,
  },
  {
    key: 'dzqi',
    name: '达州市产品质量监督检验所',
    nameEn: 'Dazhou Institute of Product Quality Supervision and Inspection',
    uscc: uscc('511700', '45096010A'),
    type: 'testing_centre',
    regionId: '511700-GX',
    status: 'verified',
    legalRep: '杨永刚',
    cmaNo: '212312050505',
    cnasNo: 'CNAS L10505',
    bankName: '四川银行达州分行（演示账户）',
    bankAccount: '8830 0500 0500 0005 005',
    contactName: '何敏',
    contactPhone: '0818-3360505',
    address: '四川省达州市达州高新区斌郎街道金龙大道88号',
    assetPrefix: 'ZJ',
    labs: [
      ['理化检测室', []],
      ['食品检测室', ['0110']],
      ['机械电气检测室', ['02', '08', '10']],
      ['建材检测室', ['0103']],
      ['环境检测室', ['0111', '0112']],
    ],
    kinds: [
      '气相色谱-质谱联用仪',
      '电感耦合等离子体发射光谱仪',
      '离子色谱仪',
      '气相色谱仪',
      '原子吸收分光光度计',
      '电子万能试验机',
      '高效液相色谱仪',
      '工业CT',
      '波长色散X射线荧光光谱仪',
      '总有机碳分析仪',
      '高低温湿热试验箱',
      '微波消解仪',
      '液相色谱-串联质谱联用仪',
    ],
    phonePrefix: '0818-33605',
    saturday: true,
  },
  {
    key: 'dzgas',
    name: '达州天然气能源化工产业技术研究院',
    nameEn: 'Dazhou Natural Gas Energy and Chemical Industry Technology Research Institute',
    uscc: uscc('511722', '45230606R'),
    type: 'research_institute',
    regionId: '511722',
    status: 'verified',
    legalRep: '唐德明',
    cmaNo: '222312050606',
    cnasNo: null,
    bankName: '达州银行宣汉支行（演示账户）',
    bankAccount: '9160 0600 0600 0006 006',
    contactName: '罗兵',
    contactPhone: '0818-5160606',
    address: '四川省达州市宣汉县普光镇工业园区创新大道6号',
    assetPrefix: 'QH',
    labs: [
      ['天然气分析实验室', []],
      ['催化材料实验室', ['0103', '0109', '0205']],
      ['精细化工中试平台', ['0199']],
    ],
    kinds: [
      '天然气组分分析仪',
      '气相色谱-质谱联用仪',
      '比表面积及孔径分析仪',
      '元素分析仪',
      'X射线衍射仪',
      '同步热分析仪',
      '电感耦合等离子体发射光谱仪',
      '傅里叶变换红外光谱仪',
    ],
    phonePrefix: '0818-51606',
    saturday: false,
  },
  {
    // 万达开: a partner-region institution; vouchers of programmes that accept partner regions
    // may be spent here (通用通兑), paid by the issuing bureau.
    key: 'sanxia',
    name: '重庆三峡学院',
    nameEn: 'Chongqing Three Gorges University',
    uscc: uscc('500101', '45040707E'),
    type: 'university',
    regionId: '500101',
    status: 'verified',
    legalRep: '张胜',
    cmaNo: null,
    cnasNo: null,
    bankName: '中国工商银行重庆万州分行（演示账户）',
    bankAccount: '3100 0707 0700 0007 007',
    contactName: '熊丽',
    contactPhone: '023-58100707',
    address: '重庆市万州区天星路666号',
    assetPrefix: 'SX',
    labs: [
      ['材料与化工实验中心', []],
      ['三峡库区水环境实验室', ['0111', '0105']],
      ['生物与食品工程实验中心', ['0109']],
    ],
    kinds: [
      '扫描电子显微镜',
      '离子色谱仪',
      '总有机碳分析仪',
      '高效液相色谱仪',
      'X射线衍射仪',
      '差示扫描量热仪',
      '电感耦合等离子体质谱仪',
      '超高效液相色谱仪',
    ],
    phonePrefix: '023-581007',
    saturday: false,
  },
  {
    // Not yet admitted (入库 pending): its instruments must never show in the public catalogue.
    key: 'quxian',
    name: '渠县农产品检验检测中心',
    nameEn: 'Qu County Agricultural Products Testing Centre',
    uscc: uscc('511725', '45250808K'),
    type: 'testing_centre',
    regionId: '511725',
    status: 'pending',
    legalRep: '冯军',
    cmaNo: null,
    cnasNo: null,
    bankName: '中国邮政储蓄银行渠县支行（演示账户）',
    bankAccount: '6210 0800 0800 0008 008',
    contactName: '曾强',
    contactPhone: '0818-7260808',
    address: '四川省达州市渠县渠江街道黄花大道8号',
    assetPrefix: 'QX',
    labs: [['农残检测室', []]],
    kinds: ['气相色谱仪', '原子荧光光谱仪'],
    phonePrefix: '0818-72608',
    saturday: false,
  },
]

/** Which institution owns instrument i: a fixed cycle weighted towards the bigger holders. */
const CYCLE = [
  'sasu',
  'daas',
  'dzch',
  'sasu',
  'dzqi',
  'dzgas',
  'sasu',
  'sanxia',
  'dzqi',
  'daas',
  'dzch',
  'sasu',
  'dzvtc',
  'dzqi',
  'sasu',
  'daas',
  'dzch',
  'dzgas',
  'sanxia',
  'dzvtc',
]

export function institutionKeyFor(index: number): string {
  // Every 30th instrument belongs to the pending institution (hidden from the catalogue).
  if (index % 30 === 29) return 'quxian'
  return CYCLE[index % CYCLE.length]!
}

export function demoInstitution(key: string): DemoInstitution {
  const found = DEMO_INSTITUTIONS.find((i) => i.key === key)
  if (!found) throw new Error(`unknown demo institution ${key}`)
  return found
}

/** The laboratory that holds an instrument of this category: the longest matching prefix wins. */
export function labFor(inst: DemoInstitution, categoryCode: string): string {
  let best: [string, number] = [inst.labs[0]![0], 0]
  for (const [name, prefixes] of inst.labs) {
    for (const prefix of prefixes)
      if (categoryCode.startsWith(prefix) && prefix.length > best[1]) best = [name, prefix.length]
  }
  return best[0]
}
